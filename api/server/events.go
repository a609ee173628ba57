package server

import (
	"context"
	"errors"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
)

// Bounds of an event upload. A kiosk sizes its batches to fit
// MaxRequestBytes; these refuse what a kiosk of ours never sends.
const (
	// MaxUploadEvents is the most events one upload may hold.
	MaxUploadEvents = 500
	// MaxEventSubject and MaxEventDetail bound an event's text, in bytes.
	MaxEventSubject = auth.MaxKioskEventSubject
	MaxEventDetail  = auth.MaxKioskEventDetail
)

var errBadEvent = connect.NewError(connect.CodeInvalidArgument, errors.New("not an event of a kiosk's outbox"))

func (h *handler) UploadEvents(ctx context.Context, req *connect.Request[kioskv1.UploadEventsRequest]) (*connect.Response[kioskv1.UploadEventsResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "UploadEvents", term, err)
	}
	in := req.Msg.GetEvents()
	if len(in) > MaxUploadEvents {
		return nil, errBadEvent
	}
	evs := make([]auth.KioskEvent, 0, len(in))
	for _, m := range in {
		e, ok := kioskEvent(m)
		if !ok {
			return nil, errBadEvent
		}
		evs = append(evs, e)
	}
	r, err := h.s.o.Service.IngestEvents(ctx, term.Name, evs)
	if errors.Is(err, auth.ErrBadKioskEvent) {
		return nil, errBadEvent
	}
	if err != nil {
		return nil, h.fail(ctx, "UploadEvents", term, err)
	}
	if len(r.Breaks) > 0 {
		h.s.o.Log.WarnContext(ctx, "a kiosk's event chain is broken", "terminal", term.Name, "sequences", r.Breaks)
	}
	out := &kioskv1.UploadEventsResponse{AckedThrough: r.AckedThrough, ChainBreaks: r.Breaks}
	for _, g := range r.Gaps {
		out.Gaps = append(out.Gaps, &kioskv1.SequenceGap{From: g.From, To: g.To})
	}
	return connect.NewResponse(out), nil
}

// kioskEvent is the event m carries, when it is one a kiosk of ours makes:
// a UUID, a positive sequence, hashes and short, clean text (the kiosk
// cleans its text before chaining it, so that the service never has to
// change what was hashed).
func kioskEvent(m *kioskv1.KioskEvent) (auth.KioskEvent, bool) {
	e := auth.KioskEvent{ID: m.GetId(), Seq: m.GetSequence(), At: time.Unix(0, m.GetAt()).UTC(), Kind: m.GetKind(),
		Subject: m.GetSubject(), Detail: m.GetDetail(), PrevHash: m.GetPrevHash(), Hash: m.GetHash()}
	if _, err := uuid.Parse(e.ID); err != nil || len(e.ID) != 36 || e.Seq <= 0 {
		return e, false
	}
	if clip(e.Subject, MaxEventSubject) != e.Subject || clip(e.Detail, MaxEventDetail) != e.Detail ||
		len(e.PrevHash) > 64 || len(e.Hash) != 64 {
		return e, false
	}
	return e, true
}
