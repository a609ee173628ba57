package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/internal/teamsg"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

func TestKioskModeIgnoresEscapeKeys(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"ctrl+c", "ctrl+z", "ctrl+\\"} {
		t.Run(k, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24, withKiosk(true))
			hs.Type("382")
			hs.Press(k, k)
			// The program still runs and still takes keys, and the key
			// typed nothing.
			hs.Type("JSMITH01")
			hs.WaitField("Username", "382JSMITH01")
			// And it does not end the session either.
			hs.Press("tab")
			hs.Type(janePassword)
			hs.Press("enter")
			hs.WaitFor("Welcome, Jane Smith")
			hs.Press(k)
			hs.Sync()
			if !hs.Has("Signed in: Jane Smith") {
				t.Fatalf("%s ended the session:\n%s", k, hs.Screen())
			}
		})
	}
}

func TestOutsideKioskModeCtrlCQuits(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24, withKiosk(false))
	hs.Press("ctrl+c")
	hs.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
}

func TestOutsideKioskModeOtherKeysStay(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"ctrl+z", "ctrl+\\"} {
		t.Run(k, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24, withKiosk(false))
			hs.Press(k)
			hs.Type("abc")
			hs.WaitField("Username", "abc")
		})
	}
}

// TestKioskKeysAtTheTop checks the keys at the top model itself, without
// a program in between: in kiosk mode nothing quits, not even an
// interrupt; outside it ctrl+c and an interrupt do.
func TestKioskKeysAtTheTop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kiosk    bool
		msg      tea.Msg
		wantQuit bool
	}{
		{true, keypress.Msg("ctrl+c"), false},
		{true, keypress.Msg("ctrl+z"), false},
		{true, keypress.Msg("ctrl+\\"), false},
		{true, tea.InterruptMsg{}, false},
		{false, keypress.Msg("ctrl+c"), true},
		{false, tea.InterruptMsg{}, true},
		{false, keypress.Msg("ctrl+z"), false},
		{false, keypress.Msg("ctrl+\\"), false},
	}
	for _, tt := range tests {
		fx := newFixture(t)
		env := &screens.Env{Ctx: context.Background(), Auth: fx.svc, Theme: defaultTheme(), Text: en, Terminal: terminalName, Now: fx.clock.Now}
		a := New(env, Options{Kiosk: tt.kiosk})
		_, cmd := a.Update(tt.msg)
		// A quit, suspend or interrupt, alone or in a batch or a sequence.
		quit := teamsg.Ends(cmd)
		if quit != tt.wantQuit {
			t.Errorf("kiosk %v, %v: quit = %v, want %v", tt.kiosk, tt.msg, quit, tt.wantQuit)
		}
	}
}

// TestIdle runs the idle timeout on the test clock: the app's ticks are
// sent by hand after the clock moves.
func TestIdle(t *testing.T) {
	t.Parallel()
	const warning = "Are you still there?"
	idle, warn := 5*time.Minute, 30*time.Second

	t.Run("pristine login never warns", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		for _, d := range []time.Duration{idle - warn, time.Hour} { // each moves the minute on
			hs.fx.clock.Advance(d)
			hs.tickNow()
			hs.WaitClock() // the tick has been handled
			if hs.Has(warning) {
				t.Fatalf("an untouched Login screen warned:\n%s", hs.Screen())
			}
		}
	})

	t.Run("a key dismisses the warning", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		hs.Type("382JSM")
		hs.WaitField("Username", "382JSM")
		hs.fx.clock.Advance(idle - warn - time.Second)
		hs.tickNow()
		hs.WaitClock()
		if hs.Has(warning) {
			t.Fatalf("the warning came early:\n%s", hs.Screen())
		}
		hs.fx.clock.Advance(time.Second)
		hs.tickNow()
		hs.WaitFor(warning)
		hs.WaitFor("this screen will be cleared in 30 seconds")
		hs.Type("x") // any key: it means "still here" and types nothing
		hs.WaitGone(warning)
		hs.WaitField("Username", "382JSM")
		// The quiet time starts again from the key.
		hs.fx.clock.Advance(idle - warn - time.Second)
		hs.tickNow()
		hs.Sync()
		if hs.Has(warning) {
			t.Fatalf("the warning came back early:\n%s", hs.Screen())
		}
	})

	t.Run("a click dismisses the warning", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		hs.Type("382JSM")
		hs.WaitField("Username", "382JSM")
		hs.fx.clock.Advance(idle - warn)
		hs.tickNow()
		hs.WaitFor(warning)
		hs.Click(hs.w/2, hs.h/2)
		hs.WaitGone(warning)
		hs.WaitField("Username", "382JSM")
	})

	t.Run("timeout wipes every field", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		hs.toAssistance()
		fillForgotPassword(hs, "382JSMITH01", janeEmail)
		hs.WaitField("Work email", janeEmail)
		hs.fx.clock.Advance(idle - warn)
		hs.tickNow()
		hs.WaitFor(warning)
		hs.fx.clock.Advance(warn)
		hs.tickNow()
		hs.WaitFor(en.T(text.LoginTitle))
		hs.WaitGone(warning)
		hs.WaitField("Username", "")
		hs.WaitField("Password", "")
		if hs.Has(janeEmail) || hs.Has("382JSMITH01") {
			t.Fatalf("something typed is still on screen:\n%s", hs.Screen())
		}
	})

	t.Run("timeout on the login screen wipes it", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		hs.Type(hs.fx.jane.Username)
		hs.Press("tab")
		hs.Type("typo")
		hs.Press("enter")
		hs.WaitFor(en.T(text.LoginFailed))
		hs.fx.clock.Advance(idle)
		hs.tickNow()
		hs.WaitGone(en.T(text.LoginFailed))
		hs.WaitField("Username", "")
	})

	t.Run("timeout ends the session", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		hs.signIn(hs.fx.jane.Username, janePassword)
		hs.WaitFor("Welcome, Jane Smith")
		hs.fx.clock.Advance(idle - warn)
		hs.tickNow()
		hs.WaitFor(warning)
		hs.WaitFor("you will be logged out in 30 seconds")
		hs.fx.clock.Advance(warn / 2)
		hs.tickNow()
		hs.WaitFor("you will be logged out in 15 seconds")
		hs.fx.clock.Advance(warn / 2)
		hs.tickNow()
		hs.WaitFor(en.T(text.LoginTitle))
		hs.WaitGone("Signed in:")
		hs.WaitGone("Welcome")
		hs.WaitField("Username", "")
		// Back on a pristine Login, the clock can run on: nothing more happens.
		hs.fx.clock.Advance(time.Hour)
		hs.tickNow()
		hs.WaitClock()
		if hs.Has(warning) {
			t.Fatalf("the wiped Login screen warned:\n%s", hs.Screen())
		}
	})

	t.Run("change password screen times out too", func(t *testing.T) {
		t.Parallel()
		hs := newHarness(t, 80, 24)
		hs.toChangePassword()
		hs.Type("half-typed")
		hs.WaitField("Current password", "••••••••••") // typed before the clock moves
		hs.fx.clock.Advance(idle)
		hs.tickNow()
		hs.WaitFor(en.T(text.LoginTitle))
		hs.WaitGone("Signed in:")
	})
}

// TestHostileNameDrawnSafely signs in a user whose name holds an escape
// sequence (put in the database behind CreateUser's back): it must not
// reach the terminal as one. The literal text after ESC may show; the
// colour must not change.
func TestHostileNameDrawnSafely(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	ctx := context.Background()
	u := fx.addUser(t, "Eve", "Evans", "eve.evans@example.nhs.uk", janePassword)
	err := fx.store.Tx(ctx, func(tx auth.Tx) error {
		got, err := tx.UserByUsername(ctx, u.Username)
		if err != nil {
			return err
		}
		got.FirstName = "Jane\x1b[31m"
		got.LastName = "Doe\x1b]0;pwned\x07\u202e"
		return tx.UpdateUser(ctx, got)
	})
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarnessOn(t, fx, 100, 30)
	hs.signIn(u.Username, janePassword)
	hs.WaitFor("Signed in: Jane[31m Doe]0;pwned")
	rows := hs.snapshot()
	for y, line := range lines(rows) {
		if hasControl(line) || strings.ContainsRune(line, '\u202e') {
			t.Errorf("row %d holds a control character: %q", y, line)
		}
	}
	// Every cell of the header has the header's colours, and all its text
	// the header's style: nothing after the name turned red.
	header := rows[0]
	text := header[1].style // "E" of "ESR"
	for x, c := range header {
		if !sameColour(c.style.Bg, text.Bg) || (c.r != ' ' && !c.style.Equal(&text)) {
			t.Fatalf("header cell %d (%q) is styled %+v, the header's text %+v:\n%s", x, c.r, c.style, text, hs.Screen())
		}
	}
	// Nor anywhere else: the rows below the header look as they do for
	// anyone else.
	for y, row := range rows[1:] {
		for x, c := range row {
			if sameColour(c.style.Fg, defaultTheme().Error.GetForeground()) {
				t.Fatalf("cell %d,%d (%q) is red:\n%s", x, y+1, c.r, hs.Screen())
			}
		}
	}
}

func TestActivityDismissesTheIdleWarning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		msg  tea.Msg
	}{
		{"paste", tea.PasteMsg{Content: "ITH01"}},
		{"wheel", tea.MouseWheelMsg{X: 10, Y: 10, Button: tea.MouseWheelDown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const warning = "Are you still there?"
			hs := newHarness(t, 80, 24)
			hs.Type("382JSM")
			hs.WaitField("Username", "382JSM")
			hs.fx.clock.Advance(hs.cfg.idle - hs.cfg.warning)
			hs.tickNow()
			hs.WaitFor(warning)
			hs.Send(tt.msg)
			hs.WaitGone(warning)
			hs.WaitField("Username", "382JSM") // like a key, it does nothing else
			// A tick later, the warning stays away.
			hs.fx.clock.Advance(time.Minute)
			hs.tickNow()
			hs.WaitClock()
			if hs.Has(warning) {
				t.Fatalf("the warning came back a minute after the %s:\n%s", tt.name, hs.Screen())
			}
		})
	}
}

// The end of a session is audited with its reason: the user logging out,
// or the idle timeout.
func TestSessionEndsAreAudited(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, reason string
		end          func(hs *harness)
	}{
		{"log out", "by the user", func(hs *harness) { hs.Send(screens.SignOut{}) }},
		{"idle", "idle timeout", func(hs *harness) {
			hs.fx.clock.Advance(hs.cfg.idle + time.Second)
			hs.tickNow()
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			hs.signIn(hs.fx.jane.Username, janePassword)
			hs.WaitFor("Welcome, Jane Smith")
			tt.end(hs)
			hs.WaitFor(en.T(text.LoginTitle))
			if last := hs.lastAudit(auth.ActLogout); last.Detail != tt.reason || last.Subject != hs.fx.jane.Username {
				t.Fatalf("logout audited as %+v, want reason %q", last, tt.reason)
			}
		})
	}
}
