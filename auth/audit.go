package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/wardkiosk/kiosk/internal/lowprio"
)

// Audit actions.
const (
	ActLoginOK          = "login.ok"
	ActLogout           = "logout"
	ActLoginFailed      = "login.failed"
	ActAccountLocked    = "account.locked"
	ActResetRequested   = "reset.requested"
	ActUsernameRequest  = "username.requested"
	ActRateLimited      = "assistance.rate-limited"
	ActResetOK          = "reset.ok"
	ActResetFailed      = "reset.failed"
	ActCodeKilled       = "code.killed"
	ActPasswordChanged  = "password.changed"
	ActChangeFailed     = "password.change-failed"
	ActUserCreated      = "user.created"
	ActAdminLock        = "admin.lock"
	ActAdminUnlock      = "admin.unlock"
	ActAdminDisable     = "admin.disable"
	ActAdminEnable      = "admin.enable"
	ActAdminResetSent   = "admin.reset-sent"
	ActAdminLanguage    = "admin.language"
	ActForbiddenAdded   = "policy.word-added"
	ActForbiddenRemoved = "policy.word-removed"
	ActCardEnrolled     = "card.enrolled"
	ActCardRevoked      = "card.revoked"
	ActCardLoginFailed  = "card.login-failed"
	ActCardRemoved      = "card.removed"
)

// Actor says who acts and where, for the audit.
type Actor struct {
	Name     string // a username, "maintainer:<name> (<key fingerprint>)", or "cli:<user>"
	Terminal string
}

// chainHash is the keyed hash of an event chained to prev: HMAC-SHA256
// under the audit key, so that only a holder of the key can write a chain
// that verifies. Fields are separated by a byte that sanitised text never
// holds.
func chainHash(key []byte, e Event) string {
	return hex.EncodeToString(chainSum(hmac.New(sha256.New, key), e))
}

// legacyHash is the unkeyed SHA-256 the chain used before it was keyed
// (migration 0005); it is only recomputed to re-key an old chain once, and
// to say so when a chain was written without the key.
func legacyHash(e Event) string {
	return hex.EncodeToString(chainSum(sha256.New(), e))
}

func chainSum(h hash.Hash, e Event) []byte {
	for _, f := range []string{e.PrevHash, strconv.FormatInt(e.At.UnixNano(), 10), e.Terminal, e.Actor, e.Action, e.Subject, e.Detail} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return h.Sum(nil)
}

// audit appends an event to the chain inside tx.
func (s *Service) audit(ctx context.Context, tx Tx, a Actor, action, subject, detail string) error {
	last, err := tx.LastEvent(ctx)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("auth: audit: %w", err)
	}
	e := Event{At: s.now(), Terminal: a.Terminal, Actor: a.Name, Action: action,
		Subject: subject, Detail: detail, PrevHash: last.Hash}
	e.Hash = chainHash(s.o.AuditKey, e)
	if err := tx.AppendEvent(ctx, &e); err != nil {
		return fmt.Errorf("auth: audit: %w", err)
	}
	return nil
}

// AuditEvents returns the newest n audit events, oldest first (n <= 0: all).
func (s *Service) AuditEvents(ctx context.Context, n int) ([]Event, error) {
	return read(ctx, s, func(tx ReadTx) ([]Event, error) { return tx.Events(ctx, n) })
}

// ChainError says where the audit chain breaks.
type ChainError struct {
	ID     int64
	Reason string
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("audit chain broken at event %d: %s", e.ID, e.Reason)
}

// AuditHead is the newest event of the chain: its number and hash. Written
// down outside the database, it lets a later verify show a cut or
// re-chained tail.
type AuditHead struct {
	ID   int64
	Hash string
}

// String is the head as `kiosk audit head` prints it and the system log
// records it.
func (h AuditHead) String() string {
	if h.Hash == "" {
		return "0 (empty)"
	}
	return fmt.Sprintf("%d %s", h.ID, h.Hash)
}

// AuditHead returns the head of the chain as stored: the zero head when the
// audit is empty. It does not verify the chain.
func (s *Service) AuditHead(ctx context.Context) (AuditHead, error) {
	return read(ctx, s, func(tx ReadTx) (AuditHead, error) {
		e, err := tx.LastEvent(ctx)
		if errors.Is(err, ErrNotFound) {
			return AuditHead{}, nil
		}
		return AuditHead{ID: e.ID, Hash: e.Hash}, err
	})
}

// VerifyAudit recomputes the chain and returns the number of events, or a
// *ChainError at the first row that was changed, removed or inserted.
func (s *Service) VerifyAudit(ctx context.Context) (int, error) {
	n, _, err := s.VerifyAuditTo(ctx, "")
	return n, err
}

// VerifyAuditTo recomputes the keyed chain and returns how many events it
// holds and its head, or a *ChainError at the first row that was changed,
// removed, inserted or written without the key. Given an anchor (a head's
// hash recorded outside the database), the chain must also pass through
// it: a tail cut off, or re-chained, no longer does. It streams the rows in
// one read transaction: constant memory, and sign-ins go on beside it,
// at their own speed: the walk runs at the lowest CPU priority.
func (s *Service) VerifyAuditTo(ctx context.Context, anchor string) (int, AuditHead, error) {
	anchor = strings.ToLower(strings.TrimSpace(anchor))
	var n int
	var head AuditHead
	var reached bool
	err := lowprio.Run(func() error {
		return s.o.Store.Read(ctx, func(tx ReadTx) error {
			n, head, reached = 0, AuditHead{}, false // a retried transaction starts afresh
			if unkeyed, err := chainUnkeyed(ctx, tx); err != nil || unkeyed {
				if err == nil {
					err = &ChainError{ID: 1, Reason: "the chain is not keyed yet: it is re-keyed when the kiosk next opens its data"}
				}
				return err
			}
			return tx.EachEvent(ctx, func(e Event) error {
				if e.PrevHash != head.Hash {
					return &ChainError{ID: e.ID, Reason: "does not follow the event before it"}
				}
				if chainHash(s.o.AuditKey, e) != e.Hash {
					if legacyHash(e) == e.Hash {
						return &ChainError{ID: e.ID, Reason: "it was chained without the audit key"}
					}
					return &ChainError{ID: e.ID, Reason: "its contents were changed"}
				}
				head = AuditHead{ID: e.ID, Hash: e.Hash}
				reached = reached || e.Hash == anchor
				n++
				return nil
			})
		})
	})
	if err == nil && anchor != "" && !reached {
		err = &ChainError{ID: head.ID, Reason: "the chain does not reach the anchored head " + anchor +
			": events after it were removed, or the chain was rewritten"}
	}
	return n, head, err
}

// oneLine keeps audit details on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
