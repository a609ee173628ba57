package server

import (
	"context"
	"errors"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
)

// Feed is the change feed as Watch needs it: feed.Hub, which reads the
// store once a change for every kiosk watching.
type Feed interface {
	// Watch hands fn every change after sequence number after, in order,
	// waiting for new ones, until ctx ends or fn fails.
	Watch(ctx context.Context, after int64, fn func(auth.Change) error) error
}

// Watch streams the change feed from the sequence asked for. A terminal
// disabled while it watches has its watch ended by that change, refused
// as its next call is.
func (h *handler) Watch(ctx context.Context, req *connect.Request[kioskv1.WatchRequest], stream *connect.ServerStream[kioskv1.WatchResponse]) error {
	term, err := h.terminal(ctx)
	if err != nil {
		return h.fail(ctx, "Watch", term, err)
	}
	if h.s.o.Feed == nil {
		return connect.NewError(connect.CodeUnimplemented, errors.New("the change feed is not served here"))
	}
	// The headers go at once, so the kiosk knows its watch is open before
	// the first change comes.
	if err := stream.Send(nil); err != nil {
		return err
	}
	after := max(req.Msg.GetFromSequence(), 1) - 1
	err = h.s.o.Feed.Watch(ctx, after, func(c auth.Change) error {
		if c.Kind == auth.ChangeTerminalDisabled && c.Subject == term.Name {
			return auth.ErrTerminalRefused
		}
		// Renewed: a watch opened with the old certificate ends, as the
		// next call with it would be refused.
		if c.Kind == auth.ChangeTerminalRenewed && c.Subject == term.Name {
			if _, err := h.terminal(ctx); err != nil {
				return err
			}
		}
		return stream.Send(&kioskv1.WatchResponse{Changes: []*kioskv1.Change{
			{Sequence: c.Seq, At: nanos(c.At), Kind: c.Kind, Subject: c.Subject}}})
	})
	if ctx.Err() != nil {
		return nil // the kiosk went, or the service is stopping
	}
	return h.fail(ctx, "Watch", term, err)
}

// nanos is a time on the wire: Unix nanoseconds, 0 for none.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
