package ui

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// The help line draws every key alike: the first is not in the
// description's colour while the others are not.
func TestHelpKeysLookAlike(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	rows := hs.snapshot()
	tab, enter := find(rows, "tab next"), find(rows, "enter choose")
	if len(tab) == 0 || len(enter) == 0 {
		t.Fatalf("no help line:\n%s", hs.Screen())
	}
	a, b := rows[tab[0][1]][tab[0][0]].style, rows[enter[0][1]][enter[0][0]].style
	if !sameColour(a.Fg, b.Fg) || a.Attrs != b.Attrs {
		t.Fatalf("the help line's keys differ: tab %+v, enter %+v", a, b)
	}
}

// While the idle warning shows, the help line says what a key does then,
// the countdown says "1 second", and the box stays put as it counts down.
func TestIdleWarningCountsDownInPlace(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type("382JSM")
	hs.WaitField("Username", "382JSM")
	hs.fx.clock.Advance(hs.cfg.idle - hs.cfg.warning)
	hs.tickNow()
	hs.WaitFor("cleared in 30 seconds")
	if !hs.Has("press any key to stay") || hs.Has("ctrl+r") {
		t.Errorf("the help line during the warning is not \"press any key to stay\":\n%s", hs.Screen())
	}
	x30, y30 := hs.Locate("Are you still there?")
	hs.fx.clock.Advance(hs.cfg.warning - time.Second)
	hs.tickNow()
	hs.WaitFor("cleared in 1 second.")
	if x, y := hs.Locate("Are you still there?"); x != x30 || y != y30 {
		t.Errorf("the warning moved from %d,%d to %d,%d as it counted down", x30, y30, x, y)
	}
}

// Where the locale is not UTF-8, a name with an accent is drawn in ASCII,
// in the header and on the portal, and nothing on the screen is not ASCII.
func TestASCIIModeDrawsNamesInASCII(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	zoe := fx.addUser(t, "Zoë", "Ångström", "zoe.angstrom@example.nhs.uk", "Quiet-Cobalt-Fern-93")
	hs := newHarnessOn(t, fx, 80, 24, withTheme(theme.New(theme.Default, theme.ASCII, false)))
	hs.signIn(zoe.Username, "Quiet-Cobalt-Fern-93")
	hs.WaitFor("Welcome, Zoe Angstrom")
	hs.WaitFor("Signed in: Zoe Angstrom")
	if sc := hs.Screen(); strings.ContainsFunc(sc, func(r rune) bool { return r >= utf8.RuneSelf }) {
		t.Fatalf("the ASCII screen shows runes beyond ASCII:\n%s", sc)
	}
}

// A Login Assistance error puts focus where the user has to type.
func TestAssistanceErrorFocusesTheField(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toAssistance()
	hs.FocusOn("< Forgot password >", assistItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.AssistNeedUserEmail))
	hs.WaitFocus("Username", assistItems)
	hs.Type("382JSMITH01")
	hs.FocusOn("< Forgot password >", assistItems)
	hs.Press("enter")
	hs.WaitFocus("Work email", assistItems)

	hs.FocusOn("Work email#2", assistItems)
	hs.Type(janeEmail)
	hs.Press("tab")
	hs.Type("31/02/1985")
	hs.FocusOn("< Forgot username >", assistItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.AssistBadDOB))
	hs.WaitFocus("Date of birth", assistItems)
}

// A password refused as used before is crossed in the checklist, as the
// message says, while it is still typed.
func TestChangePasswordCrossesAPreviousPassword(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toChangePassword()
	const label = "Not current or last 12"
	hs.fillChange(janePassword, janePassword, janePassword)
	hs.WaitMark(label, hs.app.env.Theme.PendingMark)
	hs.Press("enter")
	hs.WaitFor(en.T(text.PasswordRefused))
	hs.WaitMark(label, hs.app.env.Theme.CrossMark)
	// Another password is not known to be refused: the rule waits again.
	hs.FocusOn("New password", changeItems)
	hs.Type("9")
	hs.WaitMark(label, hs.app.env.Theme.PendingMark)
}
