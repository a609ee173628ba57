package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/ui/theme"
)

var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const janePassword = "Brisk-Owl-Lamp-48"

// fixture is a kiosk on a temporary data directory with Jane Smith, and
// a Trust CA that issues her card certificates.
type fixture struct {
	t     testing.TB
	k     *app.Kiosk
	ctx   context.Context
	ca    *issue.Authority
	trust *certs.Trust
	actor auth.Actor
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	k, err := app.Open(ctx, config.Default(), filepath.Join(t.TempDir(), "data"), auth.Options{Argon: fastArgon})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	ca, err := issue.NewCA(rand.Reader, "Test Trust CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, issue.CertPEM(ca.Cert), 0o600); err != nil {
		t.Fatal(err)
	}
	trust, err := certs.Load(caFile, "")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, k: k, ctx: ctx, ca: ca, trust: trust,
		actor: auth.Actor{Name: "maintainer:alice (SHA256:test)", Terminal: "ssh:127.0.0.1"}}
	if _, err := k.Auth.CreateUser(ctx, auth.Actor{Name: "cli:test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Role: "Staff Nurse",
		Ward: "Ward 7", Password: janePassword}); err != nil {
		t.Fatal(err)
	}
	return f
}

// env is a console environment on the fixture's kiosk.
func (f *fixture) env(ctx context.Context) *Env {
	return &Env{
		Ctx:             ctx,
		Service:         f.k.Auth,
		Feed:            NewFeed(f.k.Auth, 100*time.Millisecond, nil),
		Theme:           theme.New("", theme.Unicode, false),
		Maintainer:      "alice",
		Fingerprint:     "SHA256:test",
		Actor:           f.actor,
		Kiosk:           "WARD7-T1",
		ConfiguredWords: f.k.Config.Policy.ForbiddenWords,
		Trust:           func() (*certs.Trust, error) { return f.trust, nil },
		Poll:            200 * time.Millisecond,
	}
}

// term is the console running as a program, drawn in an emulated terminal.
type term struct {
	t   testing.TB
	tm  *teatest.TestModel
	emu *vt.Emulator
	m   *Model
}

func (f *fixture) open(ctx context.Context, w, h int) *term {
	f.t.Helper()
	m := New(f.env(ctx))
	emu := vt.NewEmulator(w, h)
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	f.t.Cleanup(func() {
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return &term{t: f.t, tm: teatest.NewTestModel(f.t, m, teatest.WithInitialTermSize(w, h)), emu: emu, m: m}
}

// screen reads what the program drew so far.
func (tm *term) screen() string {
	b, err := io.ReadAll(tm.tm.Output())
	if err != nil {
		tm.t.Fatal(err)
	}
	_, _ = tm.emu.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
	return tm.emu.String()
}

// waitFor waits until the screen shows want.
func (tm *term) waitFor(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := tm.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never showed %q:\n%s", want, s)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// press sends keys by name.
func (tm *term) press(keys ...string) {
	for _, k := range keys {
		tm.tm.Send(keypress.Msg(k))
	}
}
