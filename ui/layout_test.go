package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// box finds the screen's box by its corners: the top-left and
// bottom-right cells.
func box(t *testing.T, hs *harness) (x0, y0, x1, y1 int) {
	t.Helper()
	rows := hs.snapshot()
	tl, br := find(rows, "╭"), find(rows, "╯")
	if len(tl) != 1 || len(br) != 1 {
		t.Fatalf("want one box, found %d top-left and %d bottom-right corners:\n%s",
			len(tl), len(br), strings.Join(lines(rows), "\n"))
	}
	return tl[0][0], tl[0][1], br[0][0], br[0][1]
}

// checkFrame checks that a frame fills a w x h screen as the design says:
// the header on the first row, the screen's box whole and centred between
// it and the help line, the status bar on the last row with the clock at
// its right.
func checkFrame(t *testing.T, hs *harness, w, h int) {
	t.Helper()
	ls := lines(hs.snapshot())
	if !strings.HasPrefix(ls[0], " ESR  Ward Kiosk") {
		t.Errorf("row 0 is %q, want the header", ls[0])
	}
	if !strings.Contains(ls[h-1], "Terminal "+terminalName) || !strings.HasSuffix(ls[h-1], clockText(hs.fx.clock.Now())) ||
		len([]rune(ls[h-1])) < w-1 {
		t.Errorf("the last row is %q, want the status bar across %d columns", ls[h-1], w)
	}
	if !strings.HasPrefix(strings.TrimSpace(ls[h-2]), "tab") && !strings.HasPrefix(strings.TrimSpace(ls[h-2]), "enter") {
		t.Errorf("row %d is %q, want the help line", h-2, ls[h-2])
	}
	x0, y0, x1, y1 := box(t, hs)
	left, right := x0, w-1-x1
	above, below := y0-1, (h-2)-y1-1
	if d := left - right; d < -1 || d > 1 {
		t.Errorf("the box is not centred across: %d columns left of it, %d right", left, right)
	}
	// The box's top edge is one row for every screen, and it stays put
	// as messages come, growing downwards; it always fits.
	if above < 0 || below < 0 {
		t.Errorf("the box is placed wrong down: %d rows above it, %d below", above, below)
	}
	if t.Failed() {
		t.Logf("the screen:\n%s", strings.Join(ls, "\n"))
	}
}

func TestResize(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type("382JSMITH01")
	hs.WaitField("Username", "382JSMITH01")
	checkFrame(t, hs, 80, 24)
	for _, size := range [][2]int{{120, 40}, {200, 60}, {MinWidth, MinHeight}, {100, 30}} {
		w, h := size[0], size[1]
		hs.Resize(w, h)
		hs.Until(func() string { return fmt.Sprintf("a %dx%d frame", w, h) }, func(sc string) bool {
			ls := strings.Split(sc, "\n")
			return strings.Contains(ls[h-1], "Terminal") && strings.HasPrefix(ls[0], " ESR")
		})
		hs.WaitField("Username", "382JSMITH01") // nothing typed is lost
		checkFrame(t, hs, w, h)
	}
}

func TestTooSmall(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{MinWidth - 1, MinHeight}, {MinWidth, MinHeight - 1}, {40, 10}, {24, 8}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			hs.Type("382JSMITH01")
			hs.WaitField("Username", "382JSMITH01")
			hs.Resize(w, h)
			hs.WaitFor("This window is too small for the kiosk.")
			hs.WaitFor(fmt.Sprintf("Make it at least %d x %d (it is %d x %d).", MinWidth, MinHeight, w, h))
			if hs.Has(en.T(text.LoginTitle)) || hs.Has("382JSMITH01") {
				t.Fatalf("the screen shows through the message:\n%s", hs.Screen())
			}
			hs.Resize(100, 30)
			hs.WaitFor(en.T(text.LoginTitle))
			hs.WaitField("Username", "382JSMITH01")
			checkFrame(t, hs, 100, 30)
		})
	}
}

// TestEveryScreenFitsTheMinimum draws each screen in its tallest state at
// the minimum size: nothing may scroll off or be cut.
func TestEveryScreenFitsTheMinimum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(hs *harness)
	}{
		{"login with the lock hint", func(hs *harness) {
			hs.Type(hs.fx.jane.Username)
			hs.Press("tab")
			for range 3 {
				hs.failSignIn("Wrong-Guess-7")
			}
			hs.WaitFor(en.T(text.LoginLockHint))
		}},
		{"login after a reset", func(hs *harness) {
			hs.Send(screens.Goto{To: screens.LoginScreen, Username: hs.fx.jane.Username, Notice: text.ResetDone})
			hs.WaitFor(en.T(text.ResetDone))
		}},
		{"assistance with an error", func(hs *harness) {
			hs.toAssistance()
			hs.ClickText("< Forgot username >")
			hs.WaitFor(en.T(text.AssistNeedEmailDOB))
		}},
		{"sent", func(hs *harness) {
			hs.Send(screens.Goto{To: screens.SentScreen})
			hs.WaitFor(en.T(text.SentMessage))
		}},
		{"reset with every error", func(hs *harness) {
			code := hs.fx.requestCode(hs.t, hs.fx.jane)
			hs.toReset()
			hs.fillReset(code, hs.fx.jane.Username, janePassword, janePassword)
			hs.Press("enter")
			hs.WaitFor("You have used this password before")
		}},
		{"change password with an error", func(hs *harness) {
			hs.toChangePassword()
			hs.fillChange(janePassword, janePassword, janePassword)
			hs.Press("enter")
			hs.WaitFor("You have used this password before")
		}},
		{"portal", func(hs *harness) {
			hs.signIn(hs.fx.jane.Username, janePassword)
			hs.WaitFor("Welcome, Jane Smith")
		}},
		{"reset refused for the user's own words", func(hs *harness) {
			code := hs.fx.requestCode(hs.t, hs.fx.jane)
			hs.toReset()
			hs.fillReset(code, hs.fx.jane.Username, "Nurse7Ward", "Nurse7Ward")
			hs.Press("enter")
			hs.WaitFor(forbiddenMessage)
		}},
		{"portal after a password change, with a last sign-in", func(hs *harness) {
			hs.signIn(hs.fx.jane.Username, janePassword)
			hs.Press("shift+tab", "enter") // Log out
			hs.WaitFor(en.T(text.LoginTitle))
			hs.changePassword()
			hs.WaitFor(en.T(text.PortalNotYou))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, MinWidth, MinHeight)
			tt.setup(hs)
			checkFrame(t, hs, MinWidth, MinHeight)
		})
	}
}

func TestClickWhileTooSmallDoesNothing(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, MinWidth, MinHeight)
	x, y := hs.Locate("Forgotten your username or password?")
	// One column short the screen is not drawn; a click where the link
	// was must not follow a link nobody can see.
	hs.Resize(MinWidth-1, MinHeight)
	hs.WaitFor("This window is too small for the kiosk.")
	hs.Click(x+3, y)
	hs.Resize(MinWidth, MinHeight)
	hs.WaitFor(en.T(text.LoginTitle))
	hs.Sync()
	if hs.Has(en.T(text.AssistanceTitle)) {
		t.Fatalf("a click on the too-small message opened Login Assistance:\n%s", hs.Screen())
	}
}

func TestLongNameFitsTheHeader(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	u := fx.addUser(t, "Alexandrina-Philippa", "Fitzgerald-Montgomery-Cholmondeley", "alex.fm@example.nhs.uk", janePassword)
	hs := newHarnessOn(t, fx, MinWidth, MinHeight)
	hs.signIn(u.Username, janePassword)
	hs.WaitFor("Welcome, Alexandrina-Philippa")
	checkFrame(t, hs, MinWidth, MinHeight)
	if top := lines(hs.snapshot())[0]; !strings.Contains(top, "Signed in: Alexandrina") {
		t.Errorf("the header is %q", top)
	}
}

// The box does not move when a message appears, so a click lands where
// the eye saw the button; it grows downwards.
func TestBoxStaysPutAsMessagesCome(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 100, 30)
	hs.WaitFor(en.T(text.LoginTitle))
	_, top, _, bottom := box(t, hs)
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	for range 3 { // the third failure adds the lock hint: the box grows
		hs.failSignIn("Wrong-Guess-7")
	}
	hs.WaitFor(en.T(text.LoginLockHint))
	if _, again, _, grown := box(t, hs); again != top || grown <= bottom {
		t.Fatalf("the box moved from row %d to %d (bottom %d to %d) when the error came", top, again, bottom, grown)
	}
}

// A guide opened from the portal keeps the box's top edge where every
// other screen has it, and uses the rows below it down to the help line
// (issue 9, item 10).
func TestGuideKeepsTheBoxTopEdge(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{MinWidth, MinHeight}, {100, 30}, {120, 40}, {200, 60}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, w, h)
			_, top, _, _ := box(t, hs)
			portal(hs)
			hs.Sync()
			if _, y, _, _ := box(t, hs); y != top {
				t.Fatalf("the portal's box's top is row %d, Login's %d", y, top)
			}
			// The longest guide fills its box at every size.
			hs.ClickText("Accessing ESR on a Trust computer")
			hs.WaitFor("< Back >")
			hs.WaitFor("down for more")
			hs.Sync()
			_, y, _, bottom := box(t, hs)
			if y != top {
				t.Errorf("the guide's box's top is row %d, on every other screen %d:\n%s", y, top, hs.Screen())
			}
			if bottom != h-3 {
				t.Errorf("the guide's box ends on row %d, want %d, the row above the help line:\n%s", bottom, h-3, hs.Screen())
			}
		})
	}
}
