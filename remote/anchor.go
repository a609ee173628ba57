package remote

import (
	"context"
	"fmt"
)

// Anchored is an Outbox that can tell the hash of its event of a
// sequence (kiosklocal.DB): what lets an upload take the service's
// anchor of this kiosk's chain as an acknowledgement.
type Anchored interface {
	Outbox
	// HashAt is the hash of the event of sequence seq; found is false
	// when the outbox holds none.
	HashAt(ctx context.Context, seq int64) (hash string, found bool, err error)
}

// Anchor is the head of this kiosk's event chain as the service last told
// it in a heartbeat's answer: the highest sequence it holds from this
// terminal and that event's hash; 0 and "" before any answer, or when it
// holds none.
func (c *Client) Anchor() (seq int64, hash string) {
	if a := c.anchor.Load(); a != nil {
		return a.Seq, a.Hash
	}
	return 0, ""
}

// applyAnchor marks acknowledged every event up to the anchor when the
// outbox's event there is the one the service holds: a kiosk killed
// after the service stored a batch but before marking it then does not
// send it again. An event there of another hash means the outbox was
// rewritten below what the service holds: nothing is marked, and the
// upload lets the service see the chain as it is. It returns how many
// events it marked.
func (c *Client) applyAnchor(ctx context.Context, out Outbox) (int, error) {
	seq, hash := c.Anchor()
	a, ok := out.(Anchored)
	if seq <= 0 || !ok {
		return 0, nil
	}
	mine, found, err := a.HashAt(ctx, seq)
	switch {
	case err != nil:
		return 0, fmt.Errorf("remote: chain anchor: %w", err)
	case !found:
		return 0, nil
	case mine != hash:
		c.o.Log.WarnContext(ctx, "this kiosk's outbox does not hold the event the service anchored: it was rewritten",
			"seq", seq, "service_hash", hash, "outbox_hash", mine)
		return 0, nil
	}
	n, err := a.Ack(ctx, seq)
	if err != nil {
		return 0, fmt.Errorf("remote: chain anchor: %w", err)
	}
	return n, nil
}
