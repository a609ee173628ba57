package auth_test

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// TestStoreFailures fails each store call of each use case in turn, the
// commit included: the failure must come back to the caller (not be
// swallowed into a success or a refusal), and nothing of the use case may
// stay written. The run that reaches the end must give the use case's
// own answer, so each row is known to take the path it names.
func TestStoreFailures(t *testing.T) {
	newUser := auth.NewUser{FirstName: "Sam", LastName: "Jones", Email: "sam.jones@example.nhs.uk",
		DOB: time.Date(1990, 5, 6, 0, 0, 0, 0, time.UTC), Role: "Porter", Ward: "Ward 7", Password: goodPassword}
	wrong := func(f *fixture, s *faultState, terminal string, times int) {
		for range times {
			f.svc.Login(f.ctx, terminal, s.u.Username, "Not-The-One-42")
		}
	}
	for _, c := range []struct {
		name    string
		prepare func(t *testing.T, f *fixture, s *faultState)
		run     func(f *fixture, s *faultState) error
		want    error // the answer when no call fails
	}{
		{name: "create a user", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.CreateUser(f.ctx, f.admin, newUser)
			return err
		}},
		{name: "sign in", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.Login(f.ctx, "T1", s.u.Username, goodPassword)
			return err
		}},
		{name: "wrong password", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.Login(f.ctx, "T1", s.u.Username, "Not-The-One-42")
			return err
		}, want: auth.ErrLoginFailed},
		{name: "unknown user", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.Login(f.ctx, "T1", "382NOBODY01", "Not-The-One-42")
			return err
		}, want: auth.ErrLoginFailed},
		{name: "the wrong password that locks at a terminal",
			prepare: func(t *testing.T, f *fixture, s *faultState) { wrong(f, s, "T1", 4) },
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.Login(f.ctx, "T1", s.u.Username, "Not-The-One-42")
				return err
			}, want: auth.ErrLoginFailed},
		{name: "the wrong password that locks at every terminal",
			prepare: func(t *testing.T, f *fixture, s *faultState) {
				wrong(f, s, "T1", 5)
				wrong(f, s, "T2", 5)
				wrong(f, s, "T3", 4)
			},
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.Login(f.ctx, "T3", s.u.Username, "Not-The-One-42")
				return err
			}, want: auth.ErrLoginFailed},
		{name: "forgot password", run: func(f *fixture, s *faultState) error {
			return f.svc.ForgotPassword(f.ctx, "T1", s.u.Username, s.u.Email)
		}},
		{name: "forgot username", run: func(f *fixture, s *faultState) error {
			return f.svc.ForgotUsername(f.ctx, "T1", s.u.Email, s.u.DOB)
		}},
		{name: "reset",
			prepare: func(t *testing.T, f *fixture, s *faultState) { s.code = f.requestCode(s.u) },
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.Reset(f.ctx, "T1", s.code, s.u.Username, newPassword, newPassword)
				return err
			}},
		{name: "wrong code",
			prepare: func(t *testing.T, f *fixture, s *faultState) { s.code = f.requestCode(s.u) },
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.Reset(f.ctx, "T1", "AAAA-BBBB-CCCC", s.u.Username, newPassword, newPassword)
				return err
			}, want: auth.ErrResetFailed},
		{name: "change password", run: func(f *fixture, s *faultState) error {
			return f.svc.ChangePassword(f.ctx, s.sess, goodPassword, newPassword, newPassword)
		}},
		{name: "lock", run: func(f *fixture, s *faultState) error { return f.svc.Lock(f.ctx, f.admin, s.u.Username) }},
		{name: "unlock",
			prepare: func(t *testing.T, f *fixture, s *faultState) { wrong(f, s, "T1", 5) },
			run:     func(f *fixture, s *faultState) error { return f.svc.Unlock(f.ctx, f.admin, s.u.Username) }},
		{name: "disable", run: func(f *fixture, s *faultState) error { return f.svc.Disable(f.ctx, f.admin, s.u.Username) }},
		{name: "enable",
			prepare: func(t *testing.T, f *fixture, s *faultState) { must(t, f.svc.Disable(f.ctx, f.admin, s.u.Username)) },
			run:     func(f *fixture, s *faultState) error { return f.svc.Enable(f.ctx, f.admin, s.u.Username) }},
		{name: "send a reset code", run: func(f *fixture, s *faultState) error { return f.svc.SendReset(f.ctx, f.admin, s.u.Username) }},
		{name: "add a forbidden word", run: func(f *fixture, s *faultState) error {
			return f.svc.AddForbiddenWord(f.ctx, f.admin, "Gable")
		}},
		{name: "remove a forbidden word",
			prepare: func(t *testing.T, f *fixture, s *faultState) {
				must(t, f.svc.AddForbiddenWord(f.ctx, f.admin, "Gable"))
			},
			run: func(f *fixture, s *faultState) error { return f.svc.RemoveForbiddenWord(f.ctx, f.admin, "Gable") }},
		{name: "heartbeat", run: func(f *fixture, s *faultState) error { return f.svc.Heartbeat(f.ctx, "T1", "ready") }},
		{name: "sign out", run: func(f *fixture, s *faultState) error { return f.svc.Logout(f.ctx, s.sess, auth.LogoutByUser) }},
		{name: "mark the demo", run: func(f *fixture, s *faultState) error { return f.svc.MarkDemo(f.ctx, "a b") }},
		{name: "a maintainer's key removed", run: func(f *fixture, s *faultState) error { return f.svc.MaintainerKeyRemoved(f.ctx, f.admin) }},
		{name: "enrol a card", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.EnrolCard(f.ctx, f.admin, s.u.Username, s.cert.Raw, nil)
			return err
		}},
		{name: "card sign-in",
			prepare: func(t *testing.T, f *fixture, s *faultState) { s.card = enrol(t, f, s) },
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.CardLogin(f.ctx, "T1", &prover{cert: s.cert}, "123456")
				return err
			}},
		{name: "card sign-in with a wrong passcode",
			prepare: func(t *testing.T, f *fixture, s *faultState) { s.card = enrol(t, f, s) },
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.CardLogin(f.ctx, "T1", &prover{cert: s.cert, err: errWrongPasscode}, "999999")
				return err
			}, want: errWrongPasscode},
		{name: "revoke a card",
			prepare: func(t *testing.T, f *fixture, s *faultState) { s.card = enrol(t, f, s) },
			run: func(f *fixture, s *faultState) error {
				_, err := f.svc.RevokeCard(f.ctx, f.admin, s.card.ID)
				return err
			}},
		{name: "card removed", run: func(f *fixture, s *faultState) error { return f.svc.CardRemoved(f.ctx, s.sess, "logout") }},
		{name: "key the audit chain", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.KeyAuditChain(f.ctx, f.admin)
			return err
		}},

		// Reads write nothing; their failures must come back all the same.
		{name: "accounts", run: func(f *fixture, s *faultState) error { _, err := f.svc.Accounts(f.ctx); return err }},
		{name: "account", run: func(f *fixture, s *faultState) error { _, err := f.svc.Account(f.ctx, s.u.Username); return err }},
		{name: "users", run: func(f *fixture, s *faultState) error { _, err := f.svc.Users(f.ctx); return err }},
		{name: "dashboard", run: func(f *fixture, s *faultState) error { _, err := f.svc.Dashboard(f.ctx, 10); return err }},
		{name: "terminals", run: func(f *fixture, s *faultState) error { _, err := f.svc.Terminals(f.ctx); return err }},
		{name: "audit events", run: func(f *fixture, s *faultState) error { _, err := f.svc.AuditEvents(f.ctx, 10); return err }},
		{name: "find audit events", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.FindAuditEvents(f.ctx, auth.EventFilter{Username: s.u.Username})
			return err
		}},
		{name: "verify the audit", run: func(f *fixture, s *faultState) error { _, err := f.svc.VerifyAudit(f.ctx); return err }},
		{name: "audit head", run: func(f *fixture, s *faultState) error { _, err := f.svc.LogAuditHead(f.ctx, nil, "test"); return err }},
		{name: "check a password", run: func(f *fixture, s *faultState) error {
			_, err := f.svc.CheckPassword(f.ctx, s.u.Username, f.svc.Profile(), newPassword, true)
			return err
		}},
		{name: "messages", run: func(f *fixture, s *faultState) error { _, err := f.svc.Messages(f.ctx); return err }},
		{name: "forbidden words", run: func(f *fixture, s *faultState) error { _, err := f.svc.ForbiddenWords(f.ctx); return err }},
		{name: "demo", run: func(f *fixture, s *faultState) error { _, err := f.svc.Demo(f.ctx); return err }},
		{name: "cards", run: func(f *fixture, s *faultState) error { _, err := f.svc.Cards(f.ctx); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := &faultStore{}
			f := newFixture(t, func(o *auth.Options) { fs.Store = o.Store; o.Store = fs })
			s := &faultState{u: f.jane(), cert: testCert(t, 7, "Jane Smith")}
			sess, err := f.svc.Login(f.ctx, "T0", s.u.Username, goodPassword)
			must(t, err)
			s.sess = sess
			if c.prepare != nil {
				c.prepare(t, f, s)
			}
			for n := 1; ; n++ {
				before := dump(t, f)
				fs.arm(n)
				err := c.run(f, s)
				failed := fs.disarm()
				if failed == "" {
					if n == 1 {
						t.Fatal("the use case made no store call")
					}
					if !errors.Is(err, c.want) {
						t.Fatalf("with no call failing: %v, want %v", err, c.want)
					}
					break
				}
				if !errors.Is(err, errInjected) {
					t.Errorf("call %d (%s) failed: the use case returned %v", n, failed, err)
				}
				if after := dump(t, f); after != before {
					t.Errorf("call %d (%s) failed, yet the store changed:\n%s", n, failed, changed(before, after))
				}
			}
		})
	}
}

// faultState is what a row of TestStoreFailures prepares: Jane, signed in
// at T0, and a certificate for her card.
type faultState struct {
	u    auth.User
	sess auth.Session
	code string
	card auth.Card
	cert *x509.Certificate
}

// errWrongPasscode is a card's own refusal.
var errWrongPasscode = errors.New("the passcode is not right: 2 tries left")

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// enrol enrols the state's certificate to its user.
func enrol(t *testing.T, f *fixture, s *faultState) auth.Card {
	t.Helper()
	c, err := f.svc.EnrolCard(f.ctx, f.admin, s.u.Username, s.cert.Raw, nil)
	must(t, err)
	return c
}

// dump renders every row of every table, each table's rows sorted.
func dump(t *testing.T, f *fixture) string {
	t.Helper()
	db := f.store.DB()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	must(t, err)
	var tables []string
	for rows.Next() {
		var name string
		must(t, rows.Scan(&name))
		tables = append(tables, name)
	}
	must(t, rows.Err())
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		must(t, err)
		cols, err := rows.Columns()
		must(t, err)
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			lines = append(lines, fmt.Sprintf("%s %v", table, vals))
		}
		must(t, rows.Err())
		slices.Sort(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// changed lists the rows only in before (-) or only in after (+).
func changed(before, after string) string {
	was, is := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out []string
	for _, l := range was {
		if !slices.Contains(is, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range is {
		if !slices.Contains(was, l) {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

// errInjected is the failure faultStore makes.
var errInjected = errors.New("injected store failure")

// faultStore fails one call of a use case: the armed call, counting each
// query and each transaction's end (its commit) from 1. Unarmed, it only
// passes calls on.
type faultStore struct {
	auth.Store
	mu     sync.Mutex
	failAt int    // the call to fail; 0 fails none
	calls  int    // calls made since arm
	failed string // the call that failed
}

// arm makes the nth call from now fail.
func (s *faultStore) arm(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAt, s.calls, s.failed = n, 0, ""
}

// disarm stops failing calls and returns the one that failed, "" if the
// use case made fewer than the armed number.
func (s *faultStore) disarm() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAt = 0
	return s.failed
}

// hit counts a call and returns the failure when it is the armed one.
func (s *faultStore) hit(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failAt == 0 {
		return nil
	}
	s.calls++
	if s.calls != s.failAt {
		return nil
	}
	s.failed = name
	return fmt.Errorf("%s: %w", name, errInjected)
}

func (s *faultStore) do(name string, call func() error) error {
	if err := s.hit(name); err != nil {
		return err
	}
	return call()
}

func get[T any](s *faultStore, name string, call func() (T, error)) (T, error) {
	if err := s.hit(name); err != nil {
		var zero T
		return zero, err
	}
	return call()
}

// Read fails a query or, after fn, the end of the read.
func (s *faultStore) Read(ctx context.Context, fn func(auth.ReadTx) error) error {
	return s.Store.Read(ctx, func(tx auth.ReadTx) error {
		if err := fn(faultRead{r: tx, s: s}); err != nil {
			return err
		}
		return s.hit("end of read")
	})
}

// Tx fails a query or, after fn, the commit: fn's writes are then rolled
// back, as a failed commit leaves them.
func (s *faultStore) Tx(ctx context.Context, fn func(auth.Tx) error) error {
	return s.Store.Tx(ctx, func(tx auth.Tx) error {
		if err := fn(faultTx{faultRead: faultRead{r: tx, s: s}, w: tx}); err != nil {
			return err
		}
		return s.hit("commit")
	})
}

// faultRead passes the reads of a transaction on, failing the armed one.
type faultRead struct {
	r auth.ReadTx
	s *faultStore
}

// faultTx passes the reads and writes of a transaction on, failing the
// armed one.
type faultTx struct {
	faultRead
	w auth.Tx
}

func (fx faultRead) UserByID(ctx context.Context, id int64) (auth.User, error) {
	return get(fx.s, "UserByID", func() (auth.User, error) { return fx.r.UserByID(ctx, id) })
}

func (fx faultRead) UserByUsername(ctx context.Context, username string) (auth.User, error) {
	return get(fx.s, "UserByUsername", func() (auth.User, error) { return fx.r.UserByUsername(ctx, username) })
}

func (fx faultRead) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	return get(fx.s, "UserByEmail", func() (auth.User, error) { return fx.r.UserByEmail(ctx, email) })
}

func (fx faultRead) UsernamesWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	return get(fx.s, "UsernamesWithPrefix", func() ([]string, error) { return fx.r.UsernamesWithPrefix(ctx, prefix) })
}

func (fx faultRead) ListUsers(ctx context.Context) ([]auth.User, error) {
	return get(fx.s, "ListUsers", func() ([]auth.User, error) { return fx.r.ListUsers(ctx) })
}

func (fx faultRead) Lockout(ctx context.Context, userID int64) (auth.Lockout, error) {
	return get(fx.s, "Lockout", func() (auth.Lockout, error) { return fx.r.Lockout(ctx, userID) })
}

func (fx faultRead) ListLockouts(ctx context.Context) ([]auth.Lockout, error) {
	return get(fx.s, "ListLockouts", func() ([]auth.Lockout, error) { return fx.r.ListLockouts(ctx) })
}

func (fx faultRead) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	return get(fx.s, "PasswordHistory", func() ([]string, error) { return fx.r.PasswordHistory(ctx, userID, n) })
}

func (fx faultRead) ListTerminalLockouts(ctx context.Context) ([]auth.TerminalLockout, error) {
	return get(fx.s, "ListTerminalLockouts", func() ([]auth.TerminalLockout, error) { return fx.r.ListTerminalLockouts(ctx) })
}

func (fx faultRead) LastEvent(ctx context.Context) (auth.Event, error) {
	return get(fx.s, "LastEvent", func() (auth.Event, error) { return fx.r.LastEvent(ctx) })
}

func (fx faultRead) Events(ctx context.Context, n int) ([]auth.Event, error) {
	return get(fx.s, "Events", func() ([]auth.Event, error) { return fx.r.Events(ctx, n) })
}

func (fx faultRead) EachEvent(ctx context.Context, fn func(auth.Event) error) error {
	return fx.s.do("EachEvent", func() error { return fx.r.EachEvent(ctx, fn) })
}

func (fx faultRead) FindEvents(ctx context.Context, f auth.EventFilter) ([]auth.Event, error) {
	return get(fx.s, "FindEvents", func() ([]auth.Event, error) { return fx.r.FindEvents(ctx, f) })
}

func (fx faultRead) Messages(ctx context.Context) ([]auth.Message, error) {
	return get(fx.s, "Messages", func() ([]auth.Message, error) { return fx.r.Messages(ctx) })
}

func (fx faultRead) MessageByID(ctx context.Context, id int64) (auth.Message, error) {
	return get(fx.s, "MessageByID", func() (auth.Message, error) { return fx.r.MessageByID(ctx, id) })
}

func (fx faultRead) CountMessages(ctx context.Context, userID int64, kinds []string, since time.Time) (int, error) {
	return get(fx.s, "CountMessages", func() (int, error) { return fx.r.CountMessages(ctx, userID, kinds, since) })
}

func (fx faultRead) Terminal(ctx context.Context, name string) (auth.Terminal, error) {
	return get(fx.s, "Terminal", func() (auth.Terminal, error) { return fx.r.Terminal(ctx, name) })
}

func (fx faultRead) ListTerminals(ctx context.Context) ([]auth.Terminal, error) {
	return get(fx.s, "ListTerminals", func() ([]auth.Terminal, error) { return fx.r.ListTerminals(ctx) })
}

func (fx faultRead) ForbiddenWords(ctx context.Context) ([]string, error) {
	return get(fx.s, "ForbiddenWords", func() ([]string, error) { return fx.r.ForbiddenWords(ctx) })
}

func (fx faultRead) Setting(ctx context.Context, key string) (string, error) {
	return get(fx.s, "Setting", func() (string, error) { return fx.r.Setting(ctx, key) })
}

func (fx faultRead) CardByFingerprint(ctx context.Context, fingerprint string) (auth.Card, error) {
	return get(fx.s, "CardByFingerprint", func() (auth.Card, error) { return fx.r.CardByFingerprint(ctx, fingerprint) })
}

func (fx faultRead) CardByID(ctx context.Context, id int64) (auth.Card, error) {
	return get(fx.s, "CardByID", func() (auth.Card, error) { return fx.r.CardByID(ctx, id) })
}

func (fx faultRead) ListCards(ctx context.Context) ([]auth.Card, error) {
	return get(fx.s, "ListCards", func() ([]auth.Card, error) { return fx.r.ListCards(ctx) })
}

func (fx faultTx) CreateUser(ctx context.Context, u *auth.User) error {
	return fx.s.do("CreateUser", func() error { return fx.w.CreateUser(ctx, u) })
}

func (fx faultTx) UpdateUser(ctx context.Context, u auth.User) error {
	return fx.s.do("UpdateUser", func() error { return fx.w.UpdateUser(ctx, u) })
}

func (fx faultTx) SaveLockout(ctx context.Context, l auth.Lockout) error {
	return fx.s.do("SaveLockout", func() error { return fx.w.SaveLockout(ctx, l) })
}

func (fx faultTx) AddPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error {
	return fx.s.do("AddPasswordHistory", func() error { return fx.w.AddPasswordHistory(ctx, userID, hash, at) })
}

func (fx faultTx) AddCode(ctx context.Context, c *auth.ResetCode) error {
	return fx.s.do("AddCode", func() error { return fx.w.AddCode(ctx, c) })
}

func (fx faultTx) LiveCode(ctx context.Context, userID int64, now time.Time) (auth.ResetCode, error) {
	return get(fx.s, "LiveCode", func() (auth.ResetCode, error) { return fx.w.LiveCode(ctx, userID, now) })
}

func (fx faultTx) SaveCode(ctx context.Context, c auth.ResetCode) error {
	return fx.s.do("SaveCode", func() error { return fx.w.SaveCode(ctx, c) })
}

func (fx faultTx) RevokeCodes(ctx context.Context, userID int64, at time.Time) error {
	return fx.s.do("RevokeCodes", func() error { return fx.w.RevokeCodes(ctx, userID, at) })
}

func (fx faultTx) TerminalLockout(ctx context.Context, userID int64, terminal string) (auth.TerminalLockout, error) {
	return get(fx.s, "TerminalLockout", func() (auth.TerminalLockout, error) { return fx.w.TerminalLockout(ctx, userID, terminal) })
}

func (fx faultTx) SaveTerminalLockout(ctx context.Context, l auth.TerminalLockout) error {
	return fx.s.do("SaveTerminalLockout", func() error { return fx.w.SaveTerminalLockout(ctx, l) })
}

func (fx faultTx) LockedTerminals(ctx context.Context, userID int64, now time.Time) (int, error) {
	return get(fx.s, "LockedTerminals", func() (int, error) { return fx.w.LockedTerminals(ctx, userID, now) })
}

func (fx faultTx) ClearTerminalLockouts(ctx context.Context, userID int64) error {
	return fx.s.do("ClearTerminalLockouts", func() error { return fx.w.ClearTerminalLockouts(ctx, userID) })
}

func (fx faultTx) AddAssistance(ctx context.Context, userID int64, terminal string, at time.Time) error {
	return fx.s.do("AddAssistance", func() error { return fx.w.AddAssistance(ctx, userID, terminal, at) })
}

func (fx faultTx) CountAssistance(ctx context.Context, userID int64, terminal string, since time.Time) (int, error) {
	return get(fx.s, "CountAssistance", func() (int, error) { return fx.w.CountAssistance(ctx, userID, terminal, since) })
}

func (fx faultTx) CodeTries(ctx context.Context, codeID int64, terminal string) (int, error) {
	return get(fx.s, "CodeTries", func() (int, error) { return fx.w.CodeTries(ctx, codeID, terminal) })
}

func (fx faultTx) SaveCodeTries(ctx context.Context, codeID int64, terminal string, n int) error {
	return fx.s.do("SaveCodeTries", func() error { return fx.w.SaveCodeTries(ctx, codeID, terminal, n) })
}

func (fx faultTx) AppendEvent(ctx context.Context, e *auth.Event) error {
	return fx.s.do("AppendEvent", func() error { return fx.w.AppendEvent(ctx, e) })
}

func (fx faultTx) RechainEvents(ctx context.Context, next func(auth.Event) (prevHash, hash string, err error)) error {
	return fx.s.do("RechainEvents", func() error { return fx.w.RechainEvents(ctx, next) })
}

func (fx faultTx) Enqueue(ctx context.Context, m *auth.Message) error {
	return fx.s.do("Enqueue", func() error { return fx.w.Enqueue(ctx, m) })
}

func (fx faultTx) SaveTerminal(ctx context.Context, t auth.Terminal) error {
	return fx.s.do("SaveTerminal", func() error { return fx.w.SaveTerminal(ctx, t) })
}

func (fx faultTx) AddForbiddenWord(ctx context.Context, word, by string, at time.Time) error {
	return fx.s.do("AddForbiddenWord", func() error { return fx.w.AddForbiddenWord(ctx, word, by, at) })
}

func (fx faultTx) RemoveForbiddenWord(ctx context.Context, word string) error {
	return fx.s.do("RemoveForbiddenWord", func() error { return fx.w.RemoveForbiddenWord(ctx, word) })
}

func (fx faultTx) SetSetting(ctx context.Context, key, value string) error {
	return fx.s.do("SetSetting", func() error { return fx.w.SetSetting(ctx, key, value) })
}

func (fx faultTx) AddCard(ctx context.Context, c *auth.Card) error {
	return fx.s.do("AddCard", func() error { return fx.w.AddCard(ctx, c) })
}

func (fx faultTx) SaveCard(ctx context.Context, c auth.Card) error {
	return fx.s.do("SaveCard", func() error { return fx.w.SaveCard(ctx, c) })
}

func (fx faultRead) Changes(ctx context.Context, after int64, limit int) ([]auth.Change, error) {
	return get(fx.s, "Changes", func() ([]auth.Change, error) { return fx.r.Changes(ctx, after, limit) })
}

func (fx faultRead) TerminalByFingerprint(ctx context.Context, fingerprint string) (auth.Terminal, error) {
	return get(fx.s, "TerminalByFingerprint", func() (auth.Terminal, error) { return fx.r.TerminalByFingerprint(ctx, fingerprint) })
}

func (fx faultTx) AddChange(ctx context.Context, c *auth.Change) error {
	return fx.s.do("AddChange", func() error { return fx.w.AddChange(ctx, c) })
}

func (fx faultTx) RegisterTerminal(ctx context.Context, t auth.Terminal) error {
	return fx.s.do("RegisterTerminal", func() error { return fx.w.RegisterTerminal(ctx, t) })
}

func (fx faultTx) SetTerminalDisabled(ctx context.Context, name string, disabled bool) error {
	return fx.s.do("SetTerminalDisabled", func() error { return fx.w.SetTerminalDisabled(ctx, name, disabled) })
}
func (fx faultTx) SetTerminalCertificate(ctx context.Context, name, fingerprint string) error {
	return fx.s.do("SetTerminalCertificate", func() error { return fx.w.SetTerminalCertificate(ctx, name, fingerprint) })
}

func (fx faultTx) AddChallenge(ctx context.Context, c auth.Challenge) error {
	return fx.s.do("AddChallenge", func() error { return fx.w.AddChallenge(ctx, c) })
}

func (fx faultTx) TakeChallenge(ctx context.Context, hash []byte) (auth.Challenge, error) {
	return get(fx.s, "TakeChallenge", func() (auth.Challenge, error) { return fx.w.TakeChallenge(ctx, hash) })
}

func (fx faultTx) ClaimRequest(ctx context.Context, key string, at time.Time) (bool, error) {
	return get(fx.s, "ClaimRequest", func() (bool, error) { return fx.w.ClaimRequest(ctx, key, at) })
}

func (fx faultTx) AddKioskEvent(ctx context.Context, e auth.KioskEvent) (bool, error) {
	return get(fx.s, "AddKioskEvent", func() (bool, error) { return fx.w.AddKioskEvent(ctx, e) })
}

func (fx faultRead) KioskEventBySeq(ctx context.Context, terminal string, seq int64) (auth.KioskEvent, error) {
	return get(fx.s, "KioskEventBySeq", func() (auth.KioskEvent, error) { return fx.r.KioskEventBySeq(ctx, terminal, seq) })
}

func (fx faultTx) KioskEventGaps(ctx context.Context, terminal string) ([]auth.SeqGap, error) {
	return get(fx.s, "KioskEventGaps", func() ([]auth.SeqGap, error) { return fx.w.KioskEventGaps(ctx, terminal) })
}

func (fx faultTx) CountKioskEvents(ctx context.Context, terminal string) (int, error) {
	return get(fx.s, "CountKioskEvents", func() (int, error) { return fx.w.CountKioskEvents(ctx, terminal) })
}

func (fx faultRead) LastKioskEventSeq(ctx context.Context, terminal string) (int64, error) {
	return get(fx.s, "LastKioskEventSeq", func() (int64, error) { return fx.r.LastKioskEventSeq(ctx, terminal) })
}

func (fx faultRead) UserCards(ctx context.Context, userID int64) ([]auth.Card, error) {
	return get(fx.s, "UserCards", func() ([]auth.Card, error) { return fx.r.UserCards(ctx, userID) })
}

func (fx faultRead) WardSignIns(ctx context.Context, ward string, since time.Time) ([]auth.WardSignIn, error) {
	return get(fx.s, "WardSignIns", func() ([]auth.WardSignIn, error) { return fx.r.WardSignIns(ctx, ward, since) })
}

func (fx faultTx) SaveWardSignIn(ctx context.Context, w auth.WardSignIn) error {
	return fx.s.do("SaveWardSignIn", func() error { return fx.w.SaveWardSignIn(ctx, w) })
}
