package server

import (
	"context"
	"errors"
	"time"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
)

// Change is one entry of the change feed (DESIGN §10).
type Change struct {
	Sequence int64
	At       time.Time
	Kind     string // e.g. "user.disabled", "terminal.disabled"
	Subject  string // the username, card fingerprint or terminal concerned
}

// Feed is the change feed as Watch needs it; the store that keeps it is
// built apart (PostgreSQL's NOTIFY wakes the instances).
type Feed interface {
	// Next waits until there are changes from sequence from on, or ctx
	// ends, and returns them in order.
	Next(ctx context.Context, from int64) ([]Change, error)
}

// Watch streams the change feed from the sequence asked for. The caller's
// terminal is checked before each batch, so a terminal disabled while it
// watches is refused at the next change.
func (h *handler) Watch(ctx context.Context, req *connect.Request[kioskv1.WatchRequest], stream *connect.ServerStream[kioskv1.WatchResponse]) error {
	term, err := h.terminal(ctx)
	if err != nil {
		return h.fail(ctx, "Watch", term, err)
	}
	if h.s.o.Feed == nil {
		return connect.NewError(connect.CodeUnimplemented, errors.New("the change feed is not served yet"))
	}
	from := max(req.Msg.GetFromSequence(), 1)
	for {
		cs, err := h.s.o.Feed.Next(ctx, from)
		if err != nil {
			return h.fail(ctx, "Watch", term, err)
		}
		if term, err = h.terminal(ctx); err != nil {
			return h.fail(ctx, "Watch", term, err)
		}
		msg := &kioskv1.WatchResponse{Changes: make([]*kioskv1.Change, len(cs))}
		for i, c := range cs {
			msg.Changes[i] = &kioskv1.Change{Sequence: c.Sequence, At: nanos(c.At), Kind: c.Kind, Subject: c.Subject}
			from = c.Sequence + 1
		}
		if err := stream.Send(msg); err != nil {
			return err
		}
	}
}

// nanos is a time on the wire: Unix nanoseconds, 0 for none.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}
