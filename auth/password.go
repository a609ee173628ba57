package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/wardkiosk/kiosk/auth/policy"
)

// normalizePassword prepares a password for hashing with PRECIS
// OpaqueString (policy.Prepare), so the same characters typed on different
// keyboards hash alike. A password it refuses (invisible characters) is
// never set from now on, but one set before may be typed at sign-in: that
// one keeps its old preparation, NFC alone.
func normalizePassword(p string) string {
	if prepared, ok := policy.Prepare(p); ok {
		return prepared
	}
	return norm.NFC.String(p)
}

// verifyPassword verifies a typed password against a stored hash, prepared
// as every password is now (normalizePassword). A hash set before
// passwords were prepared with PRECIS was of the NFC form alone, which
// differs only where the password had another space (a no-break space):
// that form is tried too when it differs, and a match by it reports the
// hash stale, so sign-in stores it prepared. The second verify depends on
// what was typed only, never on whether the account exists.
func verifyPassword(encoded, typed string, want Argon2) (ok, stale bool, err error) {
	prepared := normalizePassword(typed)
	ok, stale, err = verify(encoded, prepared, want)
	if ok || err != nil {
		return ok, stale, err
	}
	if legacy := norm.NFC.String(typed); legacy != prepared {
		if ok, _, err := verify(encoded, legacy, want); err == nil && ok {
			return true, true, nil
		}
	}
	return false, stale, nil
}

// checkNewPassword prepares a new password and checks it against the
// policy, every rule at once, not-previous included (argon2id verifies
// against the remembered hashes, so it runs on submit only).
func (s *Service) checkNewPassword(ctx context.Context, u User, password, confirm string, history []string) (string, error) {
	password, confirm = normalizePassword(password), normalizePassword(confirm)
	if subtle.ConstantTimeCompare([]byte(password), []byte(confirm)) != 1 {
		return "", ErrMismatch
	}
	if _, ok := policy.Prepare(password); !ok {
		return "", ErrControlCharacters
	}
	pol, err := s.Policy(ctx)
	if err != nil {
		return "", err
	}
	fails := pol.Check(password, subject(u))
	if s.o.Profile.History > 0 {
		previous, err := isPrevious(ctx, s.argon, password, u.PasswordHash, history)
		if err != nil {
			return "", err
		}
		if previous {
			fails = append(fails, policy.PreviousFailure(s.o.Profile))
		}
	}
	if len(fails) > 0 {
		return "", &PolicyError{Failures: fails}
	}
	return password, nil
}

// isPrevious reports whether password, or a form of it that counts as the
// same password (previousForms), matches the current hash or one of the
// remembered ones.
//
// A hash cannot be compared in another letter case, and keeping a second,
// case-folded hash of each password would make every one easier to crack,
// so the forms are verified one by one against the stored hashes as they
// are: at most maxPreviousForms argon2id verifies a hash (13 hashes at
// esr-2019's depth of 12, so at most 91), shared among a few cores and
// stopped at the first match, each within the bound b (nil: none). It runs
// on submit only, behind a reset code or a session; the policy check
// command asks it only for a local root. err is ctx's when it ended first.
func isPrevious(ctx context.Context, b *bound, password, current string, history []string) (bool, error) {
	hashes := make([]string, 0, 1+len(history))
	for _, h := range append([]string{current}, history...) {
		if h != "" {
			hashes = append(hashes, h)
		}
	}
	forms := previousForms(password)
	type job struct{ hash, form string }
	jobs := make(chan job)
	var found atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), 4, len(hashes)*len(forms)) {
		wg.Go(func() {
			for j := range jobs {
				if found.Load() || ctx.Err() != nil {
					continue
				}
				_ = b.run(ctx, func() {
					if ok, _, err := verify(j.hash, j.form, DefaultArgon2); err == nil && ok {
						found.Store(true)
					}
				})
			}
		})
	}
	// The current password first, and each hash's likeliest forms first.
	for _, h := range hashes {
		for _, f := range forms {
			if found.Load() || ctx.Err() != nil {
				break
			}
			jobs <- job{h, f}
		}
	}
	close(jobs)
	wg.Wait()
	if found.Load() {
		return true, nil
	}
	return false, ctx.Err()
}

// maxPreviousForms bounds previousForms, and so the argon2id verifies a
// stored hash costs not-previous.
const maxPreviousForms = 7

// previousForms returns password and the forms of it that are the same
// password for not-previous (DESIGN §5): without the spaces around it, and
// in the letter cases a person moves between by hand or with caps lock:
// all small, all capitals, a capital first, a capital to each word, and
// every letter's case turned. Each form once, as typed first; empty forms
// are left out.
func previousForms(password string) []string {
	t := strings.Trim(password, " ") // Prepare made every space an ASCII one
	lower := strings.ToLower(t)
	// Sized by the bound, so that one form more does not compile.
	candidates := [maxPreviousForms]string{
		password, t, lower, strings.ToUpper(t),
		capitalFirst(lower), capitalWords(lower), swapCase(t),
	}
	out := make([]string, 0, maxPreviousForms)
	for _, c := range candidates {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// capitalFirst puts the first letter of s in capitals.
func capitalFirst(s string) string {
	for i, r := range s {
		if unicode.IsLetter(r) {
			return s[:i] + string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
		}
	}
	return s
}

// capitalWords puts the first letter of each run of letters in capitals:
// "grove-tiger-47" becomes "Grove-Tiger-47".
func capitalWords(s string) string {
	var b strings.Builder
	prev := false
	for _, r := range s {
		letter := unicode.IsLetter(r)
		if letter && !prev {
			r = unicode.ToUpper(r)
		}
		prev = letter
		b.WriteRune(r)
	}
	return b.String()
}

// swapCase turns the case of every letter, as caps lock left on does.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsUpper(r):
			return unicode.ToLower(r)
		case unicode.IsLower(r):
			return unicode.ToUpper(r)
		}
		return r
	}, s)
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return true
		}
	}
	return false
}

// setPassword stores a new hash inside tx: history kept, codes revoked,
// failures cleared, the account unlocked and the change emailed.
func (s *Service) setPassword(ctx context.Context, tx Tx, u *User, hash string, a Actor, action, detail string) error {
	now := s.now()
	if u.PasswordHash != "" {
		if err := tx.AddPasswordHistory(ctx, u.ID, u.PasswordHash, now); err != nil {
			return err
		}
	}
	u.PasswordHash, u.PasswordChangedAt = hash, now
	if err := tx.UpdateUser(ctx, *u); err != nil {
		return err
	}
	if err := tx.RevokeCodes(ctx, u.ID, now); err != nil {
		return err
	}
	l, err := tx.Lockout(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := tx.SaveLockout(ctx, Lockout{UserID: u.ID, AdminLocked: l.AdminLocked}); err != nil {
		return err
	}
	if err := tx.ClearTerminalLockouts(ctx, u.ID); err != nil {
		return err
	}
	if err := s.queue(ctx, tx, KindPasswordChanged, *u, a.Terminal, ""); err != nil {
		return err
	}
	if err := s.publish(ctx, tx, action, u.Username); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, action, u.Username, detail)
}

// history returns the hashes a new password must not match.
func (s *Service) history(ctx context.Context, tx ReadTx, userID int64) ([]string, error) {
	return passwordHistory(ctx, tx, userID, s.o.Profile.History)
}

// passwordHistory returns a user's last n previous hashes (none for n <= 0).
func passwordHistory(ctx context.Context, tx ReadTx, userID int64, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	h, err := tx.PasswordHistory(ctx, userID, n)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return h, nil
}

// withHistory is a user and the previous hashes a new password must not match.
type withHistory struct {
	User    User
	History []string
}
