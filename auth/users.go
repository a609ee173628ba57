package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/text"
)

// NewUser is what a maintainer gives to create an account.
type NewUser struct {
	FirstName, LastName, Email string
	DOB                        time.Time
	Role, Ward                 string
	// Password is optional: without one, staff set theirs through Login
	// Assistance.
	Password string
	// Language is the language of their portal and emails, one of
	// text.Languages(); empty is English.
	Language text.Lang
}

// CreateUser validates the details, generates the username and stores the
// account, with its password when one is given.
func (s *Service) CreateUser(ctx context.Context, by Actor, n NewUser) (User, error) {
	u, err := n.user(s.now())
	if err != nil {
		return User{}, err
	}
	if n.Password != "" {
		pw, err := s.checkNewPassword(ctx, u, n.Password, n.Password, nil)
		if err != nil {
			return User{}, err
		}
		if u.PasswordHash, err = s.hashPassword(ctx, pw); err != nil {
			return User{}, err
		}
		u.PasswordChangedAt = s.now()
	}
	stem, err := usernameStem(s.o.OrgCode, u.FirstName, u.LastName)
	if err != nil {
		return User{}, err
	}
	err = s.o.Store.Tx(ctx, func(tx Tx) error {
		if _, err := tx.UserByEmail(ctx, u.Email); err == nil {
			return fmt.Errorf("%w: the email %s is already in use", ErrConflict, u.Email)
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		taken, err := tx.UsernamesWithPrefix(ctx, stem)
		if err != nil {
			return err
		}
		if u.Username, err = pickUsername(stem, taken); err != nil {
			return err
		}
		if err := tx.CreateUser(ctx, &u); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, ActUserCreated, u.Username, "")
	})
	if err != nil {
		return User{}, fmt.Errorf("auth: create user: %w", err)
	}
	return u, nil
}

// Validate checks a new account's details, all problems at once, so a
// caller can refuse bad input before it opens anything.
func (n NewUser) Validate(now time.Time) error {
	_, err := n.user(now)
	return err
}

// user checks a new account's details and returns the user to store.
func (n NewUser) user(now time.Time) (User, error) {
	now = now.UTC()
	var problems []string
	field := func(name, v string, required bool, maxLen int) string {
		v = strings.TrimSpace(v)
		switch {
		case v == "" && required:
			problems = append(problems, name+" is required")
		case !utf8.ValidString(v) || hasControl(v):
			problems = append(problems, name+" holds characters that are not allowed")
		case utf8.RuneCountInString(v) > maxLen:
			problems = append(problems, fmt.Sprintf("%s is longer than %d characters", name, maxLen))
		}
		// Invisible and bidirectional characters draw nothing: kept, they
		// would make two accounts look the same in the console.
		return sanitize.Line(v)
	}
	u := User{
		FirstName: field("first name", n.FirstName, true, maxFieldLen),
		LastName:  field("last name", n.LastName, true, maxFieldLen),
		Email:     field("email", n.Email, true, MaxEmailLen),
		Role:      field("role", n.Role, false, maxFieldLen),
		Ward:      field("ward", n.Ward, false, maxFieldLen),
		Status:    StatusActive,
		CreatedAt: now,
	}
	if u.Email != "" {
		if p := emailProblem(u.Email); p != "" {
			problems = append(problems, p)
		}
	}
	switch u.Language = n.Language; {
	case u.Language == "":
		u.Language = text.English
	case !slices.Contains(text.Languages(), u.Language):
		problems = append(problems, fmt.Sprintf("language %q is not one of %v", u.Language, text.Languages()))
	}
	dob := n.DOB.UTC()
	switch {
	case dob.IsZero():
		problems = append(problems, "date of birth is required")
	case dob.After(now) || dob.Year() < 1900:
		problems = append(problems, "date of birth "+dob.Format(time.DateOnly)+" is not a plausible date")
	}
	u.DOB = time.Date(dob.Year(), dob.Month(), dob.Day(), 0, 0, 0, 0, time.UTC)
	if len(problems) > 0 {
		return User{}, fmt.Errorf("%w: %s", ErrInvalid, strings.Join(problems, "; "))
	}
	return u, nil
}

// maxFieldLen is the longest name, role or ward.
const maxFieldLen = 64

// MaxEmailLen and maxLocalLen are the limits of an address on the wire
// (RFC 5321: a path of 256 octets with its brackets, a local part of 64):
// "firstname.middlename.lastname@" at a Trust's long domain passes 64 in
// all, as real work emails do.
const (
	MaxEmailLen = 254
	maxLocalLen = 64
)

// emailProblem says what is wrong with a work email, or "" when nothing.
func emailProblem(email string) string {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" {
		return fmt.Sprintf("email %q is not an email address", email)
	}
	at := strings.LastIndexByte(email, '@')
	switch {
	case len(email) > MaxEmailLen:
		return fmt.Sprintf("email is longer than %d characters", MaxEmailLen)
	case at > maxLocalLen:
		return fmt.Sprintf("email has more than %d characters before the @", maxLocalLen)
	}
	return ""
}

// ParseDate reads a date as YYYY-MM-DD (the CLI) or day, month, year (the
// screens): DD/MM/YYYY, with dashes or dots in place of the slashes, or
// DDMMYYYY, eight digits, as staff often type a date of birth.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	dmy := s
	if len(dmy) == 8 && strings.Trim(dmy, "0123456789") == "" {
		dmy = dmy[:2] + "/" + dmy[2:4] + "/" + dmy[4:]
	}
	dmy = strings.NewReplacer("-", "/", ".", "/").Replace(dmy)
	// "2/1/2006" takes one or two digits for the day and the month.
	if t, err := time.Parse("2/1/2006", dmy); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: %q is not a date (use YYYY-MM-DD or DD/MM/YYYY)", ErrInvalid, s)
}

// Account returns one account with its lockout, for a maintainer.
func (s *Service) Account(ctx context.Context, username string) (Account, error) {
	username = NormalizeUsername(username)
	a, err := read(ctx, s, func(tx ReadTx) (Account, error) {
		u, err := tx.UserByUsername(ctx, username)
		if err != nil {
			return Account{}, err
		}
		l, err := tx.Lockout(ctx, u.ID)
		if err != nil {
			return Account{}, err
		}
		a := accountOf(u, l)
		ts, err := tx.ListTerminalLockouts(ctx)
		a.withTerminals(ts)
		return a, err
	})
	if err != nil {
		return Account{}, fmt.Errorf("auth: user %s: %w", username, err)
	}
	return a, nil
}

// Users lists every account, by username.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	return read(ctx, s, func(tx ReadTx) ([]User, error) { return tx.ListUsers(ctx) })
}

// Lock locks an account until a maintainer unlocks it.
func (s *Service) Lock(ctx context.Context, by Actor, username string) error {
	return s.admin(ctx, by, username, ActAdminLock, func(tx Tx, u *User, l *Lockout) error {
		l.AdminLocked = true
		return tx.SaveLockout(ctx, *l)
	})
}

// Unlock clears a maintainer's lock, any failure lock and the failures.
func (s *Service) Unlock(ctx context.Context, by Actor, username string) error {
	return s.admin(ctx, by, username, ActAdminUnlock, func(tx Tx, u *User, l *Lockout) error {
		if err := tx.ClearTerminalLockouts(ctx, u.ID); err != nil {
			return err
		}
		return tx.SaveLockout(ctx, Lockout{UserID: u.ID})
	})
}

// Disable stops an account signing in or receiving assistance emails.
func (s *Service) Disable(ctx context.Context, by Actor, username string) error {
	return s.admin(ctx, by, username, ActAdminDisable, func(tx Tx, u *User, l *Lockout) error {
		u.Status = StatusDisabled
		if err := tx.RevokeCodes(ctx, u.ID, s.now()); err != nil {
			return err
		}
		return tx.UpdateUser(ctx, *u)
	})
}

// Enable lets a disabled account sign in again.
func (s *Service) Enable(ctx context.Context, by Actor, username string) error {
	return s.admin(ctx, by, username, ActAdminEnable, func(tx Tx, u *User, l *Lockout) error {
		u.Status = StatusActive
		return tx.UpdateUser(ctx, *u)
	})
}

// SetLanguage sets the language of an account's portal and emails, one of
// text.Languages(). Audited with the language; the client kiosks' rosters
// follow through the feed.
func (s *Service) SetLanguage(ctx context.Context, by Actor, username string, lang text.Lang) error {
	if !slices.Contains(text.Languages(), lang) {
		return fmt.Errorf("auth: language: %w: %q is not one of %v", ErrInvalid, lang, text.Languages())
	}
	return s.adminWith(ctx, by, username, ActAdminLanguage, "language "+string(lang), func(tx Tx, u *User, _ *Lockout) error {
		u.Language = lang
		return tx.UpdateUser(ctx, *u)
	})
}

// SendReset emails the user a reset code at a maintainer's request; the
// hourly limit for staff requests does not apply.
func (s *Service) SendReset(ctx context.Context, by Actor, username string) error {
	return s.admin(ctx, by, username, ActAdminResetSent, func(tx Tx, u *User, l *Lockout) error {
		if u.Status != StatusActive {
			return fmt.Errorf("%w: %s is disabled", ErrInvalid, u.Username)
		}
		return s.sendCode(ctx, tx, by, *u, KindResetCode, ActAdminResetSent, false)
	})
}

// admin runs a maintainer's action on one account in one transaction and
// audits it.
func (s *Service) admin(ctx context.Context, by Actor, username, action string, fn func(Tx, *User, *Lockout) error) error {
	return s.adminWith(ctx, by, username, action, "", fn)
}

// adminWith is admin with the audit row's detail.
func (s *Service) adminWith(ctx context.Context, by Actor, username, action, detail string, fn func(Tx, *User, *Lockout) error) error {
	username = NormalizeUsername(username)
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		u, err := tx.UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		l, err := tx.Lockout(ctx, u.ID)
		if err != nil {
			return err
		}
		l.UserID = u.ID
		if err := fn(tx, &u, &l); err != nil {
			return err
		}
		if action == ActAdminResetSent {
			return nil // sendCode audits
		}
		if err := s.publish(ctx, tx, action, u.Username); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, action, u.Username, detail)
	})
	if err != nil {
		return fmt.Errorf("auth: %s %s: %w", action, username, err)
	}
	return nil
}
