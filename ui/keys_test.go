package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// state is a screen in one of its states, as the tests below visit it.
type state struct {
	name string
	// setup goes there from a fresh Login and waits until it shows.
	setup func(hs *harness)
}

// open starts the kiosk on a 100x30 terminal and goes to the state, all
// of it drawn.
func (s state) open(t *testing.T) *harness {
	t.Helper()
	hs := newHarness(t, 100, 30)
	s.setup(hs)
	hs.Sync()
	return hs
}

// goTo shows a screen as the screens ask for one, and waits for want.
func goTo(to screens.Name, want string) func(hs *harness) {
	return func(hs *harness) {
		hs.t.Helper()
		hs.Send(screens.Goto{To: to})
		hs.WaitFor(want)
	}
}

// portal signs Jane in.
func portal(hs *harness) {
	hs.t.Helper()
	hs.signIn(hs.fx.jane.Username, janePassword)
	hs.WaitFor("Welcome, Jane Smith")
}

// guide opens the e-learning guide from the portal.
func guide(hs *harness) {
	hs.t.Helper()
	portal(hs)
	hs.ClickText("Searching e-learning courses")
	hs.WaitGone("Welcome, Jane Smith")
	hs.WaitFor("< Back >")
}

// The help line is drawn from the screen's key bindings: it says the
// keys that work there and no other, so no "show password" where no
// password field is.
func TestHelpLineSaysTheScreensKeys(t *testing.T) {
	t.Parallel()
	const show = "ctrl+r show password"
	const lang = "   f4 Cymraeg" // the language key, before sign-in, where it fits
	tests := []struct {
		state
		want string
	}{
		{state{"login", func(*harness) {}}, "tab next   enter choose   esc clear" + lang},
		{state{"login, on Password", func(hs *harness) { hs.Press("tab") }}, "tab next   enter log in   " + show + "   esc clear" + lang},
		{state{"assistance", goTo(screens.AssistanceScreen, en.T(text.AssistanceTitle))}, "tab next   enter choose   esc back" + lang},
		{state{"sent", goTo(screens.SentScreen, en.T(text.SentMessage))}, "tab next   enter choose   esc back to log in" + lang},
		{state{"reset", goTo(screens.ResetScreen, en.T(text.ResetTitle))}, "tab next   enter choose   esc back" + lang},
		{state{"smartcard", goTo(screens.SmartcardScreen, en.T(text.CardNoService))}, "enter choose   esc back" + lang},
		{state{"portal", portal}, "tab next   enter open"},
		{state{"portal, on a button", func(hs *harness) {
			portal(hs)
			hs.Press("shift+tab")
			hs.WaitFocus("< Log out >", []string{"< Change password >", "< Log out >"})
		}}, "tab next   enter choose"},
		{state{"guide", guide}, "up/down scroll   pgup/pgdn page   home/end top/bottom   esc back"},
		{state{"change password", func(hs *harness) { hs.toChangePassword() }}, "tab next   enter choose   " + show + "   esc back"},
		{state{"change password, on Confirm", func(hs *harness) {
			hs.toChangePassword()
			hs.Press("tab")
			hs.Press("tab")
		}}, "tab next   enter change password   " + show + "   esc back"},
		{state{"reset, on Confirm", func(hs *harness) {
			goTo(screens.ResetScreen, en.T(text.ResetTitle))(hs)
			for range 3 {
				hs.Press("tab")
			}
		}}, "tab next   enter set password   " + show + "   esc back"},
		{state{"password changed", (*harness).changePassword}, "tab next   enter open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Every screen with a form starts with the same keys, in the
			// same order, and the line fits the narrowest window.
			if strings.Contains(tt.want, "enter") && !strings.HasPrefix(tt.want, "tab next   enter ") && !strings.HasPrefix(tt.want, "enter ") {
				t.Errorf("%q does not start with the form's keys", tt.want)
			}
			if strings.Contains(tt.want, "shift+tab") {
				t.Errorf("%q lists shift+tab, which no other screen does", tt.want)
			}
			if n := len([]rune(tt.want)); n > MinWidth {
				t.Errorf("%q is %d columns, wider than %d", tt.want, n, MinWidth)
			}
			hs := tt.open(t)
			// A key pressed to reach the state may not be drawn yet: wait
			// for the line, not for a moment.
			hs.Until(func() string {
				return fmt.Sprintf("the help line %q (it is %q)", tt.want, strings.TrimSpace(lines(hs.snapshot())[hs.h-2]))
			}, func(string) bool { return strings.TrimSpace(lines(hs.snapshot())[hs.h-2]) == tt.want })
		})
	}
}

// clickable is a button or link of a screen state, and what a click on it
// brings to the screen.
type clickable struct {
	state
	text, then string
}

// clickables are a button or link on every screen.
var clickables = []clickable{
	{state{"login", func(*harness) {}}, "< Log in via smartcard >", en.T(text.LoginNoSmartcard)},
	{state{"login", func(*harness) {}}, "Forgotten your username or password?", en.T(text.AssistanceTitle)},
	{state{"assistance", goTo(screens.AssistanceScreen, en.T(text.AssistanceTitle))}, "< I have a reset code >", en.T(text.ResetTitle)},
	{state{"sent", goTo(screens.SentScreen, en.T(text.SentMessage))}, "< Back to log in >", en.T(text.LoginTitle)},
	{state{"sent", goTo(screens.SentScreen, en.T(text.SentMessage))}, "< I have a reset code >", en.T(text.ResetTitle)},
	{state{"reset", goTo(screens.ResetScreen, en.T(text.ResetTitle))}, "< Back >", en.T(text.AssistanceTitle)},
	{state{"smartcard", goTo(screens.SmartcardScreen, en.T(text.CardNoService))}, "< Back >", en.T(text.LoginTitle)},
	{state{"portal", portal}, "Searching e-learning courses", "Lines 1-"},
	{state{"portal", portal}, "< Change password >", "Current password"},
	{state{"portal", portal}, "< Log out >", en.T(text.LoginTitle)},
	{state{"guide", guide}, "< Back >", "Welcome, Jane Smith"},
	{state{"change password", func(hs *harness) { hs.toChangePassword() }}, "< Cancel >", "Welcome, Jane Smith"},
	{state{"password changed", (*harness).changePassword}, "< Log out >", en.T(text.LoginTitle)},
}

// A click on a button or link, where the screen shows it, activates it.
func TestClickActivatesWhatIsUnderIt(t *testing.T) {
	t.Parallel()
	for _, tt := range clickables {
		t.Run(tt.name+" "+tt.text, func(t *testing.T) {
			t.Parallel()
			hs := tt.open(t)
			if hs.Has(tt.then) {
				t.Fatalf("%q shows before the click:\n%s", tt.then, hs.Screen())
			}
			hs.ClickText(tt.text)
			hs.WaitFor(tt.then)
		})
	}
}

// A click where nothing is drawn does nothing: blank rows in the box, the
// cell just past a button, outside the box, the header and the help line.
func TestClickOnEmptySpaceDoesNothing(t *testing.T) {
	t.Parallel()
	for _, tt := range clickables {
		t.Run(tt.name+" "+tt.text, func(t *testing.T) {
			t.Parallel()
			hs := tt.open(t)
			before := hs.Screen()
			rows := hs.snapshot()
			x0, y0, x1, y1 := box(t, hs)
			var spots [][2]int
			for y := y0 + 1; y < y1; y++ {
				inside := string(runes(rows[y][x0+1 : x1]))
				if strings.TrimSpace(inside) == "" {
					spots = append(spots, [2]int{(x0 + x1) / 2, y})
				}
			}
			if len(spots) == 0 {
				t.Fatalf("no blank row in the box:\n%s", before)
			}
			// Past a button's padding, which is the button's.
			x, y := hs.Locate(tt.text)
			if past := x + len([]rune(tt.text)) + 1; past < x1 && rows[y][past].r == ' ' {
				spots = append(spots, [2]int{past, y})
			}
			spots = append(spots, [2]int{x0 - 1, (y0 + y1) / 2}, [2]int{x1 + 1, y}, [2]int{5, 0}, [2]int{2, hs.h - 2})
			for _, at := range spots {
				hs.Click(at[0], at[1])
			}
			hs.Sync()
			if after := hs.Screen(); after != before {
				t.Fatalf("clicks on empty space changed the screen from\n%s\nto\n%s", before, after)
			}
			// And the item itself still answers.
			hs.ClickText(tt.text)
			hs.WaitFor(tt.then)
		})
	}
}

// runes are the cells' first runes.
func runes(cells []cell) []rune {
	rs := make([]rune, len(cells))
	for i, c := range cells {
		rs[i] = c.r
	}
	return rs
}

// The app gives card events to the screen showing, through the screen's
// Card: a card in on Login opens the passcode prompt, and the Smartcard
// screen itself follows cards in and out.
func TestCardEventsReachTheScreen(t *testing.T) {
	t.Parallel()
	cards := make(chan smartcard.Event)
	hs := newHarness(t, 100, 30, withCards(cards))
	send := func(kind smartcard.EventKind, reader string) {
		t.Helper()
		select {
		case cards <- smartcard.Event{Kind: kind, Reader: reader}:
		case <-time.After(waitLimit):
			t.Fatal("the app does not take card events")
		}
	}
	send(smartcard.CardInserted, "Reader 0")
	hs.WaitFor(en.T(text.CardEnterPasscode))
	hs.WaitFor("Card in Reader 0")
	send(smartcard.CardRemoved, "Reader 0")
	hs.WaitFor(en.T(text.CardTakenOut))
	hs.WaitGone(en.T(text.CardEnterPasscode))
	send(smartcard.CardInserted, "Reader 1")
	hs.WaitFor("Card in Reader 1")
	hs.WaitGone(en.T(text.CardTakenOut))
	send(smartcard.ReaderRemoved, "Reader 1")
	hs.WaitFor(en.T(text.CardTakenOut))
	hs.WaitGone("Card in Reader 1")
}
