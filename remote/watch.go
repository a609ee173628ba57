package remote

import (
	"context"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/auth"
)

// Heartbeat tells the service this kiosk is alive, its reader's state and
// how many events wait in its outbox; it returns the service's clock.
func (c *Client) Heartbeat(ctx context.Context, readerState string, queued int) (time.Time, error) {
	res, err := call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.HeartbeatResponse, error) {
		r, err := api.Heartbeat(ctx, connect.NewRequest(&kioskv1.HeartbeatRequest{Version: c.o.Version,
			ReaderState: readerState, QueuedEvents: int64(queued)}))
		return msg(r, err)
	})
	if err != nil {
		return time.Time{}, err
	}
	c.synced()
	c.latest.Store(res.GetLatestSequence())
	c.anchor.Store(&auth.KioskChainHead{Seq: res.GetChainSequence(), Hash: res.GetChainHash()})
	return fromNanos(res.GetServerTime()), nil
}

// Follow watches the change feed from the change after sequence number
// after, handing each change to apply in order, until ctx ends. A watch
// that fails or ends is opened again after a backoff, at the next URL,
// from the change after the last one applied: nothing is missed, nothing
// applied twice, the catch-up on the way back online included (Beat). A
// client follows the feed once.
func (c *Client) Follow(ctx context.Context, after int64, apply func(auth.Change)) {
	c.feed.mu.Lock()
	c.feed.after, c.feed.apply, c.feed.set = after, apply, true
	c.feed.mu.Unlock()
	idx := int(c.last.Load())
	wait := c.o.MinBackoff
	for ctx.Err() == nil {
		api := c.clients[idx%len(c.clients)]
		got, err := c.watch(ctx, api)
		if ctx.Err() != nil {
			return
		}
		if got {
			wait = c.o.MinBackoff // it worked for a while: try again soon
		}
		c.o.Log.WarnContext(ctx, "change feed watch ended", "url", c.o.URLs[idx%len(c.clients)], "err", err)
		idx++
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, c.o.MaxBackoff)
	}
}

// watch runs one watch until it ends; got reports that it delivered.
func (c *Client) watch(ctx context.Context, api kioskv1connect.KioskServiceClient) (got bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	after, _ := c.applied()
	stream, err := api.Watch(ctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: after + 1}))
	if err != nil {
		return false, err
	}
	defer stream.Close()
	for stream.Receive() {
		got = true
		c.synced()
		for _, ch := range stream.Msg().GetChanges() {
			c.applyChange(auth.Change{Seq: ch.GetSequence(), At: fromNanos(ch.GetAt()), Kind: ch.GetKind(), Subject: ch.GetSubject()})
		}
	}
	return got, stream.Err()
}
