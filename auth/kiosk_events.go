package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// KioskEvent is one event a client kiosk recorded in its own outbox
// (DESIGN §10): a sign-in, a failure, a logout or a card pulled, made
// online or offline. The kiosk numbers and chains its events; the service
// stores each once, by ID, and writes it into the Trust's audit once.
type KioskEvent struct {
	ID       string // UUIDv7, made by the kiosk: what makes an upload idempotent
	Terminal string // from the kiosk's certificate, never from the event
	Seq      int64  // the kiosk's own sequence: 1, 2, …
	At       time.Time
	Kind     string // an audit action (Act*)
	Subject  string // the username concerned, or ""
	Detail   string
	PrevHash string // the previous event's Hash; "" for the first
	Hash     string // KioskEventHash
	Received time.Time
}

// KioskEventHash is the SHA-256 chaining a kiosk event to the one before
// it, over the fields the kiosk made, separated by a byte sanitised text
// never holds. It is unkeyed on purpose: the service recomputes it from
// the event alone, and a key kept on the kiosk's disk would stop nobody
// who can already rewrite that disk. What keeps the kiosk's history
// honest is that the service holds every acknowledged event and the
// kiosk's chain head: rewriting the outbox cannot reach what was sent.
func KioskEventHash(e KioskEvent) string {
	h := sha256.New()
	for _, f := range []string{e.PrevHash, e.ID, strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixNano(), 10),
		e.Kind, e.Subject, e.Detail} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// The longest subject and detail of a kiosk event, in bytes: the kiosk
// clips its text to these before chaining it, and the service refuses
// longer.
const (
	MaxKioskEventSubject = 64
	MaxKioskEventDetail  = 200
)

// KioskEvents keeps the events kiosks uploaded, each once.
type KioskEvents interface {
	KioskEventReader
	// AddKioskEvent stores e unless an event of its ID is stored already;
	// fresh says whether it was stored now.
	AddKioskEvent(ctx context.Context, e KioskEvent) (fresh bool, err error)
	// KioskEventGaps returns the sequences missing at the terminal below
	// its highest, as ranges, lowest first.
	KioskEventGaps(ctx context.Context, terminal string) ([]SeqGap, error)
	// CountKioskEvents counts the terminal's stored events.
	CountKioskEvents(ctx context.Context, terminal string) (int, error)
}

// KioskEventReader reads what the service holds of a kiosk's chain.
type KioskEventReader interface {
	// KioskEventBySeq returns the terminal's event of that sequence, or ErrNotFound.
	KioskEventBySeq(ctx context.Context, terminal string, seq int64) (KioskEvent, error)
	// LastKioskEventSeq is the terminal's highest stored sequence, 0 for none.
	LastKioskEventSeq(ctx context.Context, terminal string) (int64, error)
}

// SeqGap is a run of sequences a kiosk's uploads have not brought yet:
// From through To, inclusive.
type SeqGap struct{ From, To int64 }

// Kiosk event kinds of the chain itself.
const (
	// ActKioskChainBroken records that a kiosk's event did not follow the
	// one before it: its outbox was changed or lost events.
	ActKioskChainBroken = "kiosk.chain-broken"
)

// kioskKinds are the audit actions a kiosk may upload: what happens at a
// kiosk, never what a maintainer or the service does.
var kioskKinds = map[string]bool{
	ActLoginOK: true, ActLogout: true, ActLoginFailed: true, ActCardLoginFailed: true, ActCardRemoved: true,
}

// ErrBadKioskEvent refuses an upload holding an event a kiosk cannot have made.
var ErrBadKioskEvent = errors.New("auth: not an event a kiosk records")

// IngestResult is what the service says to an upload.
type IngestResult struct {
	// AckedThrough is the highest sequence of the upload now held: the
	// kiosk may mark every event up to it acknowledged.
	AckedThrough int64
	Stored       int      // events new to the service
	Gaps         []SeqGap // sequences still missing from this kiosk
	Breaks       []int64  // sequences whose PrevHash or Hash does not hold
}

// IngestEvents stores a kiosk's uploaded events, each once by ID, in one
// transaction: each new event is written into the Trust's audit once
// (with the terminal of the certificate), a wrong password made while
// offline counts towards that user's lockout at that terminal as if it
// had been typed online, and the kiosk's chain is checked. Uploading the
// same events again changes nothing.
func (s *Service) IngestEvents(ctx context.Context, terminal string, evs []KioskEvent) (IngestResult, error) {
	for _, e := range evs {
		if !kioskKinds[e.Kind] || e.ID == "" || e.Seq <= 0 {
			return IngestResult{}, ErrBadKioskEvent
		}
	}
	return write(ctx, s, func(tx Tx) (IngestResult, error) {
		var r IngestResult
		now := s.now()
		// Links are checked in memory within the batch; the store is asked
		// only at the batch's edges, so that a large upload costs little
		// more than its inserts and audit rows.
		held, err := tx.LastKioskEventSeq(ctx, terminal)
		if err != nil {
			return r, fmt.Errorf("auth: ingest events: %w", err)
		}
		var before *KioskEvent
		for i, e := range evs {
			e.Terminal, e.Received = terminal, now
			r.AckedThrough = max(r.AckedThrough, e.Seq)
			fresh, err := tx.AddKioskEvent(ctx, e)
			if err != nil {
				return r, fmt.Errorf("auth: ingest events: %w", err)
			}
			prev := before
			before = nil
			if !fresh {
				continue // what the store holds under this id may differ: links to it are read from the store
			}
			before = &evs[i]
			r.Stored++
			if prev != nil && prev.Seq != e.Seq-1 {
				prev = nil
			}
			if err := s.ingestOne(ctx, tx, e, prev, e.Seq < held, now, &r); err != nil {
				return r, fmt.Errorf("auth: ingest events: %w", err)
			}
		}
		gaps, err := tx.KioskEventGaps(ctx, terminal)
		r.Gaps = gaps
		return r, err
	})
}

// ingestOne audits a newly stored event, checks its link to the event
// before it (prev, when the batch held it just before, or the stored one)
// and, when later events were held before this one came (a gap filled),
// the next event's link to it; and counts an offline wrong password.
func (s *Service) ingestOne(ctx context.Context, tx Tx, e KioskEvent, prev *KioskEvent, late bool, now time.Time, r *IngestResult) error {
	broken := KioskEventHash(e) != e.Hash
	switch {
	case e.Seq == 1:
		broken = broken || e.PrevHash != ""
	case prev != nil:
		broken = broken || prev.Hash != e.PrevHash
	default:
		p, err := tx.KioskEventBySeq(ctx, e.Terminal, e.Seq-1)
		if err == nil {
			broken = broken || p.Hash != e.PrevHash
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	if late {
		if next, err := tx.KioskEventBySeq(ctx, e.Terminal, e.Seq+1); err == nil {
			if next.PrevHash != e.Hash {
				r.Breaks = append(r.Breaks, next.Seq)
			}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	actor := Actor{Name: "-", Terminal: e.Terminal}
	if e.Kind != ActLoginFailed && e.Subject != "" {
		actor.Name = e.Subject
	}
	detail := oneLine(fmt.Sprintf("%s (kiosk event %d at %s, %s)", e.Detail, e.Seq,
		e.At.UTC().Format(time.RFC3339), e.ID))
	if err := s.audit(ctx, tx, actor, e.Kind, e.Subject, detail); err != nil {
		return err
	}
	if broken {
		r.Breaks = append(r.Breaks, e.Seq)
		why := fmt.Sprintf("kiosk event %d (%s) does not follow the event before it", e.Seq, e.ID)
		if err := s.audit(ctx, tx, actor, ActKioskChainBroken, "", why); err != nil {
			return err
		}
	}
	if e.Kind == ActLoginFailed && e.Subject != "" {
		return s.countOffline(ctx, tx, actor, e.Subject, now)
	}
	return nil
}

// countOffline counts a wrong password a kiosk saw while offline against
// the account at that terminal, as the online path does: the lockout and
// its email follow at the threshold.
func (s *Service) countOffline(ctx context.Context, tx Tx, a Actor, username string, now time.Time) error {
	u, err := tx.UserByUsername(ctx, NormalizeUsername(username))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	lock, err := tx.Lockout(ctx, u.ID)
	if err != nil {
		return err
	}
	here, err := tx.TerminalLockout(ctx, u.ID, a.Terminal)
	if err != nil {
		return err
	}
	return s.countFailure(ctx, tx, a, u, &lock, &here, now)
}

// KioskEventCount counts the events stored from a terminal.
func (s *Service) KioskEventCount(ctx context.Context, terminal string) (int, error) {
	return write(ctx, s, func(tx Tx) (int, error) { return tx.CountKioskEvents(ctx, terminal) })
}
