package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// Audit actions of the chain itself.
const (
	// ActAuditKeyed records that an unkeyed chain was re-chained under the
	// audit key, with the old head, so that heads written down before can
	// still be matched to it.
	ActAuditKeyed = "audit.keyed"
)

// settingChain marks a chain still hashed the unkeyed way; migration 0005
// sets it on a database that already had events.
const (
	settingChain = "audit.chain"
	chainLegacy  = "sha256"
	chainKeyed   = "hmac-sha256"
)

// chainUnkeyed reports whether the chain is still waiting to be re-keyed.
func chainUnkeyed(ctx context.Context, tx ReadTx) (bool, error) {
	v, err := tx.Setting(ctx, settingChain)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return v == chainLegacy, err
}

// KeyAuditChain re-chains an audit written before the chain was keyed,
// once: it checks the old chain with the old unkeyed hash, rewrites every
// row's hashes under the key in one transaction and audits that it did,
// with the old head. An old chain that is already broken is left as it is
// (verify keeps failing) rather than blessed under the key. It returns how
// many events were re-chained; a keyed chain costs one read.
//
// Re-chaining rather than keeping the old rows under the old hash up to a
// mark means the verifier has one rule and no unkeyed path that someone
// with the file could extend: moving a mark would make the whole chain
// unkeyed again. Setting the marker back only makes the next start re-key
// the chain once more, which it audits, and the heads written to the
// system log before then no longer verify.
func (s *Service) KeyAuditChain(ctx context.Context, by Actor) (int, error) {
	unkeyed, err := read(ctx, s, func(tx ReadTx) (bool, error) { return chainUnkeyed(ctx, tx) })
	if err != nil || !unkeyed {
		return 0, err
	}
	return write(ctx, s, func(tx Tx) (int, error) {
		if unkeyed, err := chainUnkeyed(ctx, tx); err != nil || !unkeyed {
			return 0, err // another process re-keyed it first
		}
		var old AuditHead
		err := tx.EachEvent(ctx, func(e Event) error {
			if e.PrevHash != old.Hash || legacyHash(e) != e.Hash {
				return &ChainError{ID: e.ID, Reason: "the unkeyed chain was broken before it could be keyed"}
			}
			old = AuditHead{ID: e.ID, Hash: e.Hash}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("auth: key the audit chain: %w", err)
		}
		n, prev := 0, ""
		err = tx.RechainEvents(ctx, func(e Event) (string, string, error) {
			e.PrevHash = prev
			prev = chainHash(s.o.AuditKey, e)
			n++
			return e.PrevHash, prev, nil
		})
		if err != nil {
			return 0, fmt.Errorf("auth: key the audit chain: %w", err)
		}
		if err := tx.SetSetting(ctx, settingChain, chainKeyed); err != nil {
			return 0, err
		}
		detail := fmt.Sprintf("re-chained %d events under the audit key; the unkeyed chain was intact, head %s", n, old)
		return n, s.audit(ctx, tx, by, ActAuditKeyed, "", detail)
	})
}

// LogAuditHead writes the chain's head to log (nil: the service's system
// log): an anchor outside the database that `kiosk audit verify --head`
// checks against later.
func (s *Service) LogAuditHead(ctx context.Context, log *slog.Logger, why string) (AuditHead, error) {
	h, err := s.AuditHead(ctx)
	if err != nil {
		return h, err
	}
	if log == nil {
		log = s.o.Log
	}
	logHead(log, why, h)
	return h, nil
}

func logHead(log *slog.Logger, why string, h AuditHead) {
	log.Info("audit head", "why", why, "seq", h.ID, "hash", h.Hash)
}

// anchorStore writes the audit head to the system log after every
// transaction that locked an account has committed: a lockout is what
// someone covering tracks would most like to cut from the tail.
type anchorStore struct {
	Store
	log *slog.Logger
}

func (a anchorStore) Tx(ctx context.Context, fn func(Tx) error) error {
	var head *Event
	locked := false
	err := a.Store.Tx(ctx, func(tx Tx) error {
		head, locked = nil, false // a retried transaction starts afresh
		return fn(anchorTx{Tx: tx, head: &head, locked: &locked})
	})
	if err == nil && locked && head != nil {
		logHead(a.log, "lockout", AuditHead{ID: head.ID, Hash: head.Hash})
	}
	return err
}

// anchorTx notes the last event appended and whether one was a lockout.
type anchorTx struct {
	Tx
	head   **Event
	locked *bool
}

func (t anchorTx) AppendEvent(ctx context.Context, e *Event) error {
	if err := t.Tx.AppendEvent(ctx, e); err != nil {
		return err
	}
	c := *e
	*t.head = &c
	if e.Action == ActAccountLocked || e.Action == ActAdminLock {
		*t.locked = true
	}
	return nil
}
