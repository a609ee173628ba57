package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// cy is the Welsh catalogue, as the screens ask it for words.
var cy = text.For(text.Welsh)

// The language key switches Login to Welsh and back: what was typed, the
// password still masked, and the focus stay; the header and the help line
// name the language the key goes to.
func TestLanguageKeyKeepsTypingAndFocus(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.WaitFor("f4 Cymraeg")
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.Type(janePassword)
	mask := strings.Repeat(string(hs.cfg.theme.MaskChar), len(janePassword))
	hs.WaitField(en.T(text.FieldPassword), mask)

	for _, step := range []struct {
		key  string
		p    text.Printer
		says string // the language key, in the header and on the help line
	}{{"f4", cy, "f4 English"}, {"ctrl+l", en, "f4 Cymraeg"}, {"f4", cy, "f4 English"}} {
		hs.Press(step.key)
		hs.WaitFor(step.says)
		user, pass := step.p.T(text.FieldUsername), step.p.T(text.FieldPassword)
		hs.WaitFor(step.p.T(text.LoginTitle))
		hs.WaitField(user, hs.fx.jane.Username)
		hs.WaitField(pass, mask)
		hs.WaitFocus(pass, []string{user, pass})
		// The header names the key always; the help line where it fits.
		rows := lines(hs.snapshot())
		help := strings.TrimSpace(rows[hs.h-2])
		base := strings.TrimSuffix(help, "   "+step.says)
		fits := len([]rune(base+"   "+step.says)) <= MinWidth
		if !strings.Contains(rows[0], step.says) || (fits && !strings.HasSuffix(help, step.says)) {
			t.Fatalf("after %s the header and help line do not say %q:\n%s", step.key, step.says, strings.Join(rows, "\n"))
		}
	}
	// Signing in with what was typed still works; Jane's portal is in
	// her language, English.
	hs.Press("enter")
	hs.WaitFor(en.T(text.HeaderSignedIn, "Jane Smith"))
}

// Login Assistance keeps both its sections' typing across the switch, and
// Reset its code, username and focus.
func TestLanguageKeyOnAssistanceAndReset(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.toAssistance()
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.Type(janeEmail)
	hs.Press("f4")
	hs.WaitFor("f4 English")
	hs.WaitFor(cy.T(text.AssistanceTitle))
	hs.WaitField(cy.T(text.FieldUsername), hs.fx.jane.Username)
	hs.Until(func() string { return "the work email kept" }, func(string) bool {
		return strings.Contains(hs.Screen(), janeEmail)
	})

	hs = newHarness(t, 80, 24)
	hs.toReset()
	hs.Type("AAAA-BBBB-CCCC")
	hs.Press("f4")
	hs.WaitFor("f4 English")
	hs.WaitField(cy.T(text.FieldResetCode), "AAAA-BBBB-CCCC")
	hs.WaitFocus(cy.T(text.FieldResetCode), []string{cy.T(text.FieldResetCode), cy.T(text.FieldUsername)})

	// Sent keeps its focus on the second button.
	hs = newHarness(t, 80, 24)
	goTo(screens.SentScreen, en.T(text.SentMessage))(hs)
	hs.Press("tab")
	buttons := func(p text.Printer) []string {
		return []string{"< " + p.T(text.ButtonBackToLogin) + " >", "< " + p.T(text.ButtonHaveCode) + " >"}
	}
	hs.WaitFocus(buttons(en)[1], buttons(en))
	hs.Press("f4")
	hs.WaitFor("f4 English")
	hs.WaitFocus(buttons(cy)[1], buttons(cy))
}

// Signing out, and the idle timeout, return to the terminal's language.
func TestSignOutAndIdleReturnToTheTerminalsLanguage(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Press("f4")
	hs.WaitFor("f4 English")
	hs.signIn(hs.fx.jane.Username, janePassword)
	hs.Send(screens.SignOut{})
	hs.WaitFor("f4 Cymraeg")
	hs.WaitFor(en.T(text.LoginTitle))

	// An untouched Login left in Welsh goes back to English when idle.
	hs.Press("f4")
	hs.WaitFor("f4 English")
	hs.fx.clock.Advance(hs.cfg.idle + time.Second)
	hs.tickNow()
	hs.WaitFor("f4 Cymraeg")
}

// A Welsh speaker signing in at an English terminal gets a Welsh portal;
// signing out gives the next person English.
func TestWelshSpeakerOnAnEnglishTerminal(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	sian, err := hs.fx.svc.CreateUser(t.Context(), auth.Actor{Name: "cli:test", Terminal: "TEST"}, auth.NewUser{
		FirstName: "Siân", LastName: "Prys", Email: "sian.prys@example.nhs.uk", DOB: janeDOB,
		Password: janePassword, Language: text.Welsh})
	if err != nil {
		t.Fatal(err)
	}
	hs.WaitFor("f4 Cymraeg")
	hs.Type(sian.Username)
	hs.Press("tab")
	hs.Type(janePassword)
	hs.Press("enter")
	hs.WaitFor(cy.T(text.HeaderSignedIn, "Siân Prys"))
	hs.Send(screens.SignOut{})
	hs.WaitFor(en.T(text.LoginTitle))
	hs.WaitFor("f4 Cymraeg")
}

// A terminal whose language is Welsh starts in Welsh, and returns to it.
func TestWelshTerminal(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24, withText(cy))
	hs.WaitFor("f4 English")
	hs.WaitFor(cy.T(text.LoginTitle))
	hs.Press("f4")
	hs.WaitFor("f4 Cymraeg")
	hs.Send(screens.SignOut{})
	hs.WaitFor("f4 English")
}

// After sign-in the kiosk speaks the user's language, whatever the
// terminal's; sign-out goes back to the terminal's.
func TestPortalSpeaksTheUsersLanguage(t *testing.T) {
	t.Parallel()
	fx := newFixture(t)
	for _, c := range []struct {
		terminal, user, want text.Lang
	}{
		{text.English, text.Welsh, text.Welsh},
		{text.Welsh, text.English, text.English},
		{text.Welsh, "", text.Welsh}, // a service that sends no language: the terminal's
	} {
		env := &screens.Env{Ctx: t.Context(), Auth: fx.svc, Theme: defaultTheme(), Text: text.For(c.terminal),
			Terminal: terminalName, Now: fx.clock.Now}
		a := New(env, Options{IdleTimeout: 5 * time.Minute})
		sess := auth.Session{User: auth.User{Username: "382SPRYS01", FirstName: "Siân", LastName: "Prys",
			Language: c.user}, At: fx.clock.Now()}
		a.Update(screens.SignedIn{Session: sess})
		if got := a.Language(); got != c.want {
			t.Errorf("terminal %s, user %q: the portal speaks %s, want %s", c.terminal, c.user, got, c.want)
		}
		a.Update(screens.SignOut{})
		if got := a.Language(); got != c.terminal {
			t.Errorf("terminal %s, user %q: after sign-out %s, want %s", c.terminal, c.user, got, c.terminal)
		}
	}
}
