package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// At the narrowest window (72 columns), in both languages, the status bar
// keeps working offline and the card's state whole: the terminal item is
// shortened or dropped, and no word is cut.
func TestStatusBarFitsWholeWords(t *testing.T) {
	t.Parallel()
	noService := func() smartcard.State { return smartcard.State{} }
	for _, p := range []text.Printer{en, cy} {
		hs := newHarness(t, MinWidth, 24, withText(p), withOffline(func() bool { return true }),
			withCardState(noService))
		offline, card := p.T(text.StatusOffline), p.T(text.StatusCardNoService)
		hs.WaitFor(offline)
		hs.Until(func() string { return "the status bar with " + offline + " and " + card + " whole" }, func(string) bool {
			rows := lines(hs.snapshot())
			bar := rows[len(rows)-1]
			return strings.Contains(bar, offline) && strings.Contains(bar, card) && !strings.Contains(bar, "…")
		})
	}

	// A smartcard session: the card item names a long name where it
	// fits, else says only that the card is in (the header names who).
	fx := newFixture(t)
	for _, p := range []text.Printer{en, cy} {
		for _, offline := range []bool{false, true} {
			env := &screens.Env{Ctx: t.Context(), Auth: fx.svc, Theme: defaultTheme(), Text: p,
				Terminal: "WARD7-T1", Now: fx.clock.Now, Offline: func() bool { return offline }}
			a := New(env, Options{IdleTimeout: 5 * time.Minute})
			a.Update(tea.WindowSizeMsg{Width: MinWidth, Height: 24})
			name := "Angharad Llewellyn-Pritchard"
			sess := auth.Session{User: auth.User{Username: "382ALLEW01", FirstName: "Angharad",
				LastName: "Llewellyn-Pritchard", Language: p.Lang()}, At: fx.clock.Now()}
			a.Update(screens.SignedIn{Session: sess, Reader: "Reader 0"})
			bar := ansi.Strip(a.statusBar())
			if w := ansi.StringWidth(bar); w != MinWidth {
				t.Errorf("%s, offline %v: the bar is %d wide:\n%s", p.Lang(), offline, w, bar)
			}
			whole := strings.Contains(bar, p.T(text.StatusCardSession, name)) || strings.Contains(bar, p.T(text.StatusCardIn))
			if !whole || strings.Contains(bar, "…") || (offline && !strings.Contains(bar, p.T(text.StatusOffline))) {
				t.Errorf("%s, offline %v: the status bar cuts or drops the card or offline:\n%s", p.Lang(), offline, bar)
			}
		}
	}
}
