package auth_test

import (
	"context"
	"math/rand/v2"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/internal/testclock"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// fastArgon keeps tests quick; the real parameters are benchmarked.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var loadLists = sync.OnceValues(policy.LoadLists)

// fixture is a service on a real SQLite file with a test clock.
type fixture struct {
	t      *testing.T
	svc    *auth.Service
	store  *sqlite.Store
	clock  *testclock.Clock
	dir    string
	slept  []time.Duration
	ctx    context.Context
	admin  auth.Actor
	sleeps sync.Mutex
}

func newFixture(t *testing.T, tweak ...func(*auth.Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, store: st, dir: dir, ctx: ctx,
		clock: testclock.New(time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)),
		admin: auth.Actor{Name: "cli:test", Terminal: "TEST"}}
	o := auth.Options{
		Store:    st,
		Lists:    loadLists,
		Argon:    fastArgon,
		CodeKey:  []byte("0123456789abcdef0123456789abcdef"),
		AuditKey: testAuditKey,
		Now:      f.clock.Now,
		Rand:     rand.NewChaCha8([32]byte{1, 2, 3}),
		Sleep: func(_ context.Context, d time.Duration) {
			f.sleeps.Lock()
			f.slept = append(f.slept, d)
			f.sleeps.Unlock()
		},
	}
	for _, fn := range tweak {
		fn(&o)
	}
	if f.svc, err = auth.New(o); err != nil {
		t.Fatal(err)
	}
	return f
}

const goodPassword = "Brisk-Owl-Lamp-48"

// addUser creates Jane Smith (or the given names) with a password.
func (f *fixture) addUser(first, last, email, password string) auth.User {
	f.t.Helper()
	u, err := f.svc.CreateUser(f.ctx, f.admin, auth.NewUser{FirstName: first, LastName: last, Email: email,
		DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Role: "Staff Nurse", Ward: "Ward 7", Password: password})
	if err != nil {
		f.t.Fatalf("create %s %s: %v", first, last, err)
	}
	return u
}

// stored is a user as the store holds them, password hash included.
func (f *fixture) stored(username string) auth.User {
	f.t.Helper()
	var u auth.User
	err := f.store.Read(f.ctx, func(tx auth.ReadTx) error {
		var err error
		u, err = tx.UserByUsername(f.ctx, username)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func (f *fixture) jane() auth.User {
	f.t.Helper()
	return f.addUser("Jane", "Smith", "jane.smith@example.nhs.uk", goodPassword)
}

var codeRE = regexp.MustCompile(`(?m)^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$`)

// messages returns the outbox.
func (f *fixture) messages() []auth.Message {
	f.t.Helper()
	ms, err := f.svc.Messages(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	return ms
}

// lastCode returns the code in the newest message, failing if there is none.
func (f *fixture) lastCode() string {
	f.t.Helper()
	ms := f.messages()
	for i := len(ms) - 1; i >= 0; i-- {
		if m := codeRE.FindStringSubmatch(ms[i].Body); m != nil {
			return m[1]
		}
	}
	f.t.Fatal("no code in the outbox")
	return ""
}

// requestCode asks for a reset code for Jane and returns it.
func (f *fixture) requestCode(u auth.User) string {
	f.t.Helper()
	before := len(f.messages())
	if err := f.svc.ForgotPassword(f.ctx, "WARD7-T1", u.Username, u.Email); err != nil {
		f.t.Fatal(err)
	}
	if len(f.messages()) != before+1 {
		f.t.Fatal("no email queued for a matching request")
	}
	return f.lastCode()
}
