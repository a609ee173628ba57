package remote

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/auth"
)

// Outbox is where a kiosk's events wait for the service
// (kiosklocal.DB): read in sequence order, marked once acknowledged.
type Outbox interface {
	// Unacked returns up to limit unacknowledged events, lowest sequence first.
	Unacked(ctx context.Context, limit int) ([]auth.KioskEvent, error)
	// Ack marks every event up to seq acknowledged.
	Ack(ctx context.Context, seq int64) (int, error)
}

// Event upload batches: at most UploadBatch events, and no more bytes
// than the service reads in one request (its limit is 64 KiB; a margin
// is left for the envelope).
const (
	UploadBatch    = 500
	maxUploadBytes = 56 << 10
)

// ErrNotAcked means the service answered an upload without acknowledging
// its first event: going on would send the same batch for ever.
var ErrNotAcked = errors.New("remote: the service did not acknowledge the events")

// Uploaded is what an upload achieved.
type Uploaded struct {
	// Events is how many events were acknowledged.
	Events int
	// Gaps and Breaks are what the service last reported missing from,
	// or broken in, this kiosk's chain.
	Gaps   []auth.SeqGap
	Breaks []int64
}

// UploadEvents sends the outbox's unacknowledged events to the service in
// order, in batches, marking each batch acknowledged from the answer,
// until none are left. A kiosk killed between the service's answer and
// the mark sends that batch again after its restart; the service stores
// each event once, by id, so nothing is lost and nothing doubled; and an
// Anchored outbox first takes the chain head the last heartbeat told as
// acknowledging every event up to it, so such a batch is not sent again.
func (c *Client) UploadEvents(ctx context.Context, out Outbox) (Uploaded, error) {
	var up Uploaded
	n, err := c.applyAnchor(ctx, out)
	if err != nil {
		return up, err
	}
	up.Events = n
	limit := c.o.UploadBatch
	if limit <= 0 || limit > UploadBatch {
		limit = UploadBatch
	}
	for {
		evs, err := out.Unacked(ctx, limit)
		if err != nil || len(evs) == 0 {
			return up, err
		}
		req := batch(evs)
		first, last := req.Events[0].GetSequence(), req.Events[len(req.Events)-1].GetSequence()
		res, err := call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.UploadEventsResponse, error) {
			r, err := api.UploadEvents(ctx, connect.NewRequest(req))
			return msg(r, err)
		})
		if err != nil {
			return up, fmt.Errorf("remote: upload events: %w", err)
		}
		acked := min(res.GetAckedThrough(), last) // never beyond what was sent
		if acked < first {
			return up, ErrNotAcked
		}
		n, err := out.Ack(ctx, acked)
		if err != nil {
			return up, fmt.Errorf("remote: upload events: %w", err)
		}
		up.Events += n
		up.Gaps, up.Breaks = up.Gaps[:0], res.GetChainBreaks()
		for _, g := range res.GetGaps() {
			up.Gaps = append(up.Gaps, auth.SeqGap{From: g.GetFrom(), To: g.GetTo()})
		}
		if len(up.Breaks) > 0 || len(up.Gaps) > 0 {
			c.o.Log.WarnContext(ctx, "the service reports this kiosk's events out of line",
				"gaps", up.Gaps, "breaks", up.Breaks)
		}
	}
}

// batch is the request for the first events of evs that fit in one
// request: at least one.
func batch(evs []auth.KioskEvent) *kioskv1.UploadEventsRequest {
	req := &kioskv1.UploadEventsRequest{}
	size := 0
	for _, e := range evs {
		m := &kioskv1.KioskEvent{Id: e.ID, Sequence: e.Seq, At: e.At.UnixNano(), Kind: e.Kind, Subject: e.Subject,
			Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash}
		size += proto.Size(m) + 4 // the field's tag and length
		if size > maxUploadBytes && len(req.Events) > 0 {
			break
		}
		req.Events = append(req.Events, m)
	}
	return req
}
