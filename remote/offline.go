package remote

import (
	"context"
	"errors"
	"sync"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
)

// The offline rules (DESIGN §10).
const (
	// OfflineAfter is how long one try may take: a call still unanswered
	// then takes the kiosk offline, and the try moves on to the next URL.
	// A sign-in's argon2id at the service is well under it.
	OfflineAfter = 3 * time.Second
	// MissedBeats heartbeats in a row unanswered take the kiosk offline.
	MissedBeats = 2
	// OfflineBeat is how often a kiosk that is offline beats, when its
	// heartbeat is slower: the way back is found in a second, not ten.
	OfflineBeat = time.Second
	// catchUpQuiet is how long the change feed stays quiet before the
	// catch-up on the way back counts as done: the service sends every
	// change after the kiosk's sequence at once, then waits.
	catchUpQuiet = 300 * time.Millisecond
)

// ErrOffline refuses what cannot be done while the kiosk works offline.
var ErrOffline = errors.New("remote: working offline")

// link is what the kiosk knows of its way to the service: offline or
// not, and the heartbeats missed in a row.
type link struct {
	mu      sync.Mutex
	offline bool
	missed  int
	changed chan struct{} // closed, and replaced, when offline changes
}

// Offline reports whether the kiosk works offline now (DESIGN §10). The
// status bar polls it, as it polls the card reader's state.
func (c *Client) Offline() bool {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.link.offline
}

// OfflineChanged is closed at the next change of Offline.
func (c *Client) OfflineChanged() <-chan struct{} {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	return c.link.changed
}

// setOffline records the kiosk going offline or back.
func (c *Client) setOffline(off bool, why string) {
	c.link.mu.Lock()
	defer c.link.mu.Unlock()
	if !off {
		c.link.missed = 0
	}
	if c.link.offline == off {
		return
	}
	c.link.offline = off
	close(c.link.changed)
	c.link.changed = make(chan struct{})
	if off {
		c.o.Log.Warn("working offline", "why", why)
	} else {
		c.o.Log.Info("back online")
	}
}

// missedBeat counts a heartbeat unanswered; the MissedBeats-th in a row
// takes the kiosk offline.
func (c *Client) missedBeat() {
	c.link.mu.Lock()
	c.link.missed++
	n := c.link.missed
	c.link.mu.Unlock()
	if n >= MissedBeats {
		c.setOffline(true, "heartbeats missed")
	}
}

// heartbeatKey marks a heartbeat's context: its failure is a missed beat,
// counted, not a failed call.
type heartbeatKey struct{}

// Beat sends one heartbeat and keeps the offline state: a heartbeat
// unanswered is a missed beat; one answered while offline brings the
// kiosk back, in order: the change feed caught up from the last change
// applied (a user disabled during the cut is refused before anything
// else), the queued events uploaded (Options.Upload), and only then
// online. A failure on the way back leaves the kiosk offline for the next
// beat to try again. It returns the service's clock.
func (c *Client) Beat(ctx context.Context, readerState string, queued int) (time.Time, error) {
	at, err := c.Heartbeat(context.WithValue(ctx, heartbeatKey{}, true), readerState, queued)
	if err != nil {
		if ctx.Err() == nil && errors.Is(err, ErrUnavailable) {
			c.missedBeat()
		}
		return at, err
	}
	if !c.Offline() {
		c.setOffline(false, "")
		return at, nil
	}
	if err := c.catchUp(ctx); err != nil {
		c.o.Log.WarnContext(ctx, "change feed not caught up: still offline", "err", err)
		return at, err
	}
	if c.o.Upload != nil {
		if err := c.o.Upload(ctx); err != nil {
			c.o.Log.WarnContext(ctx, "queued events not uploaded: still offline", "err", err)
			return at, err
		}
	}
	c.setOffline(false, "")
	return at, nil
}

// KeepAlive beats every interval (OfflineBeat while offline, when that is
// sooner, counted from the moment the kiosk went offline) until ctx ends, handing each answered beat's server time to
// synced. reader says the card reader's state and queued the events
// waiting, for each beat.
func (c *Client) KeepAlive(ctx context.Context, every time.Duration, reader func() string, queued func() int,
	synced func(serverTime time.Time)) {
	for {
		n := 0
		if queued != nil {
			n = queued()
		}
		if at, err := c.Beat(ctx, reader(), n); err == nil && synced != nil {
			synced(at)
		}
		// Taken before Offline is read, so that no change is missed.
		changed := c.OfflineChanged()
		wait := every
		if c.Offline() {
			wait = min(every, c.o.OfflineBeat)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		case <-changed:
			// A call found the kiosk offline between beats: look for the
			// way back every OfflineBeat from now, not after a whole beat.
			t.Stop()
			select {
			case <-ctx.Done():
				return
			case <-time.After(min(every, c.o.OfflineBeat)):
			}
		}
	}
}

// feedState is the change feed as applied here: the last sequence and
// the function that applies a change, shared by Follow's watch and the
// catch-up on the way back, so that no change is applied twice.
type feedState struct {
	mu    sync.Mutex
	after int64
	apply func(auth.Change)
	set   bool
}

// applyChange applies ch unless it was applied already.
func (c *Client) applyChange(ch auth.Change) {
	c.feed.mu.Lock()
	defer c.feed.mu.Unlock()
	if ch.Seq <= c.feed.after {
		return
	}
	c.feed.after = ch.Seq
	if c.feed.apply != nil {
		c.feed.apply(ch)
	}
}

// applied is the last change applied.
func (c *Client) applied() (int64, bool) {
	c.feed.mu.Lock()
	defer c.feed.mu.Unlock()
	return c.feed.after, c.feed.set
}

// catchUp reads the change feed from the change after the last one
// applied, applying each change, until it has applied the newest one the
// heartbeat that answered told of; a service that tells of none (an older
// one) is caught up once the feed goes quiet. Nothing to do when the
// kiosk does not follow the feed, or has applied that change already.
func (c *Client) catchUp(ctx context.Context) error {
	after, ok := c.applied()
	target := c.latest.Load()
	if !ok || target > 0 && after >= target {
		return nil
	}
	caughtUp := func() bool {
		applied, _ := c.applied()
		return target > 0 && applied >= target
	}
	ctx, cancel := context.WithTimeout(ctx, c.o.OfflineAfter)
	defer cancel()
	api := c.clients[int(c.last.Load())%len(c.clients)]
	stream, err := api.Watch(ctx, connect.NewRequest(&kioskv1.WatchRequest{FromSequence: after + 1}))
	if err != nil {
		return err
	}
	defer stream.Close()
	type got struct {
		msg *kioskv1.WatchResponse
		ok  bool
	}
	recv := make(chan got)
	opened := make(chan struct{})
	done := make(chan struct{})
	defer func() {
		cancel()
		<-done
	}()
	go func() {
		defer close(done)
		// The service sends the headers at once: then the watch is open.
		stream.ResponseHeader()
		close(opened)
		for {
			ok := stream.Receive()
			var m *kioskv1.WatchResponse
			if ok {
				m = stream.Msg()
			}
			select {
			case recv <- got{m, ok}:
			case <-ctx.Done():
				return
			}
			if !ok {
				return
			}
		}
	}()
	quiet := time.NewTimer(c.o.OfflineAfter)
	defer quiet.Stop()
	isOpen := false
	for {
		select {
		case <-opened:
			opened, isOpen = nil, true
			if target == 0 {
				quiet.Reset(c.o.CatchUpQuiet) // no marker: caught up once quiet
			}
		case g := <-recv:
			if !g.ok {
				if err := stream.Err(); err != nil {
					return err
				}
				return errors.New("remote: the change feed ended during catch-up")
			}
			c.synced()
			for _, ch := range g.msg.GetChanges() {
				c.applyChange(auth.Change{Seq: ch.GetSequence(), At: fromNanos(ch.GetAt()), Kind: ch.GetKind(),
					Subject: ch.GetSubject()})
			}
			if caughtUp() {
				return nil
			}
			quiet.Reset(c.o.CatchUpQuiet)
		case <-quiet.C:
			if !isOpen {
				return errors.New("remote: the change feed did not open for catch-up")
			}
			if target > 0 {
				return errors.New("remote: the change feed did not reach the service's newest change")
			}
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
