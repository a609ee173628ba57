package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Change is one entry of the change feed: something every kiosk must act
// on at once, written in the transaction that made it (DESIGN §10). Kinds
// are the audit actions that made them; Subject is the username, the
// forbidden word or the terminal, never a secret.
type Change struct {
	Seq     int64 // from 1, in commit order, never reused
	At      time.Time
	Kind    string
	Subject string
}

// The kinds of change a kiosk acts on. A disabled, locked or re-keyed
// account at a kiosk is signed out there; the roster and the live
// checklist follow the rest.
const (
	ChangeDisabled        = ActAdminDisable
	ChangeEnabled         = ActAdminEnable
	ChangeLocked          = ActAdminLock
	ChangeUnlocked        = ActAdminUnlock
	ChangeAccountLocked   = ActAccountLocked // locked at every terminal by wrong passwords
	ChangePassword        = ActPasswordChanged
	ChangeReset           = ActResetOK
	ChangeCardEnrolled    = ActCardEnrolled
	ChangeCardRevoked     = ActCardRevoked
	ChangeLanguage        = ActAdminLanguage // the portal's and emails' language
	ChangeForbiddenAdded  = ActForbiddenAdded
	ChangeForbiddenRemove = ActForbiddenRemoved
	// A disabled terminal's watch of the feed ends; its next call is refused.
	ChangeTerminalDisabled = ActTerminalDisabled
	ChangeTerminalEnabled  = ActTerminalEnabled
	// A renewed terminal's watch opened with its old certificate ends.
	ChangeTerminalRenewed = ActTerminalRenewed
)

// MaxChanges bounds one read of the feed.
const MaxChanges = 1000

// publish writes a change to the feed inside tx.
func (s *Service) publish(ctx context.Context, tx Tx, kind, subject string) error {
	if err := tx.AddChange(ctx, &Change{At: s.now(), Kind: kind, Subject: subject}); err != nil {
		return fmt.Errorf("auth: change feed: %w", err)
	}
	return nil
}

// Changes returns up to limit changes after sequence number after, oldest
// first (limit <= 0 or above MaxChanges: MaxChanges).
func (s *Service) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	if limit <= 0 || limit > MaxChanges {
		limit = MaxChanges
	}
	cs, err := read(ctx, s, func(tx ReadTx) ([]Change, error) { return tx.Changes(ctx, after, limit) })
	if err != nil {
		return nil, fmt.Errorf("auth: changes: %w", err)
	}
	return cs, nil
}

// ActProfileChanged is the audit action, and the kind of change, of a
// service starting under another password policy profile than before.
const ActProfileChanged = "policy.profile"

// ChangeProfile tells kiosks to load the policy again: its rules changed.
const ChangeProfile = ActProfileChanged

// settingProfile records the policy profile last in force.
const settingProfile = "policy.profile"

// NoteProfile records the password policy profile this service runs
// under. When it differs from the one recorded, the change is audited and
// put in the feed, so every kiosk's live checklist takes the new rules at
// once. The service runs it as it starts.
func (s *Service) NoteProfile(ctx context.Context, by Actor) error {
	now := s.o.Profile.Name
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		was, err := tx.Setting(ctx, settingProfile)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		if was == now {
			return nil
		}
		if err := tx.SetSetting(ctx, settingProfile, now); err != nil {
			return err
		}
		if was == "" {
			return nil // the first record: nothing changed for kiosks
		}
		if err := s.publish(ctx, tx, ChangeProfile, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, ActProfileChanged, "", "from "+was+" to "+now)
	})
	if err != nil {
		return fmt.Errorf("auth: policy profile: %w", err)
	}
	return nil
}
