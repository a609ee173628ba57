package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// chainHash is the hash of an event chained to prev. Fields are separated
// by a byte that sanitised text never holds.
func chainHash(e Event) string {
	h := sha256.New()
	for _, f := range []string{e.PrevHash, strconv.FormatInt(e.At.UnixNano(), 10), e.Terminal, e.Actor, e.Action, e.Subject, e.Detail} {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// audit appends an event to the chain inside tx.
func (s *Service) audit(ctx context.Context, tx Tx, a Actor, action, subject, detail string) error {
	last, err := tx.LastEvent(ctx)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("auth: audit: %w", err)
	}
	e := Event{At: s.now(), Terminal: a.Terminal, Actor: a.Name, Action: action,
		Subject: subject, Detail: detail, PrevHash: last.Hash}
	e.Hash = chainHash(e)
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

// VerifyAudit recomputes the chain and returns the number of events, or a
// *ChainError at the first row that was changed, removed or inserted. It
// streams the rows in one read transaction: constant memory, and sign-ins
// go on writing beside it.
func (s *Service) VerifyAudit(ctx context.Context) (int, error) {
	n := 0
	prev := ""
	err := s.o.Store.Read(ctx, func(tx ReadTx) error {
		n, prev = 0, "" // a retried transaction starts afresh
		return tx.EachEvent(ctx, func(e Event) error {
			if e.PrevHash != prev {
				return &ChainError{ID: e.ID, Reason: "does not follow the event before it"}
			}
			if chainHash(e) != e.Hash {
				return &ChainError{ID: e.ID, Reason: "its contents were changed"}
			}
			prev = e.Hash
			n++
			return nil
		})
	})
	return n, err
}

// oneLine keeps audit details on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
