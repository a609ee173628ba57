package ui

import (
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// loginItems are the Login screen's focusable items as drawn.
var loginItems = []string{"Username", "Password", "< Log in >", "< Log in via smartcard >",
	"Forgotten your username or password?"}

func TestLoginWords(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	for _, w := range []string{en.T(text.LoginTitle), "Username", "Password", "< Log in >",
		"< Log in via smartcard >", "Forgotten your username or password?", en.T(text.UsernameHint),
		"Terminal " + terminalName, "Smartcard: not set up", clockText(hs.fx.clock.Now()), "tab next"} {
		if !hs.Has(w) {
			t.Errorf("the Login screen does not show %q:\n%s", w, hs.Screen())
		}
	}
	if hs.Has("Signed in:") {
		t.Errorf("nobody is signed in, but the header says so:\n%s", hs.Screen())
	}
}

func TestLoginFocusOrder(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.WaitFocus("Username", loginItems)
	// Tab walks the DESIGN §3 order and wraps round.
	for _, want := range append(loginItems[1:], loginItems[0]) {
		hs.Press("tab")
		hs.WaitFocus(want, loginItems)
	}
	// Shift+Tab walks it backwards.
	for i := len(loginItems) - 1; i >= 0; i-- {
		hs.Press("shift+tab")
		hs.WaitFocus(loginItems[i], loginItems)
	}
	// Enter in Username moves on to Password.
	hs.Type("382JSMITH01")
	hs.Press("enter")
	hs.WaitFocus("Password", loginItems)
}

func TestLoginPasswordMasked(t *testing.T) {
	t.Parallel()
	const secret = "Hidden-Word-93"
	mask := strings.Repeat("•", len(secret))
	hs := newHarness(t, 80, 24)
	hs.Press("tab")
	hs.Type(secret)
	hs.WaitField("Password", mask)
	if hs.Has(secret) {
		t.Fatalf("the password shows while masked:\n%s", hs.Screen())
	}
	hs.Press("ctrl+r")
	hs.WaitField("Password", secret)
	hs.Press("ctrl+r")
	hs.WaitField("Password", mask)
	if hs.Has(secret) {
		t.Fatalf("the password still shows after ctrl+r again:\n%s", hs.Screen())
	}
	// F2 shows it as well.
	hs.Press("f2")
	hs.WaitField("Password", secret)
}

func TestLoginWrongPassword(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	hs.Type("Not-Her-Password-1")
	hs.WaitField("Password", strings.Repeat("•", len("Not-Her-Password-1")))
	hs.Press("enter") // Enter in Password submits
	hs.WaitFor(en.T(text.LoginFailed))
	// The password is wiped, the username kept, focus back on Password.
	hs.WaitField("Password", "")
	hs.WaitField("Username", hs.fx.jane.Username)
	hs.WaitFocus("Password", loginItems)
	if hs.Has("After several failed attempts") {
		t.Fatalf("the lock hint shows after one failure:\n%s", hs.Screen())
	}
	if hs.Has("Signed in:") {
		t.Fatalf("a wrong password signed in:\n%s", hs.Screen())
	}
}

func TestLoginUnknownUserSameMessage(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type("382NOBODY01")
	hs.Press("tab")
	hs.Type(janePassword)
	hs.Press("enter")
	hs.WaitFor(en.T(text.LoginFailed))
}

func TestLoginLockHintAfterThreeFailures(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type(hs.fx.jane.Username)
	hs.Press("tab")
	for i := 1; i <= 3; i++ {
		hs.failSignIn("Wrong-Guess-7" + strings.Repeat("x", i))
		hs.WaitFor(en.T(text.LoginFailed))
		if i < 3 && hs.Has("After several failed attempts") {
			t.Fatalf("the lock hint shows after %d failures:\n%s", i, hs.Screen())
		}
	}
	hs.WaitFor(en.T(text.LoginLockHint))
	if strings.Contains(hs.Text(), "locked "+hs.fx.jane.Username) || strings.Count(hs.Text(), hs.fx.jane.Username) > 1 {
		t.Fatalf("the hint names the account:\n%s", hs.Screen())
	}
}

func TestLoginEscClears(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Type("382JSMITH01")
	hs.Press("tab")
	hs.Type("whatever")
	hs.Press("enter")
	hs.WaitFor(en.T(text.LoginFailed))
	hs.Type("half-typed")
	hs.WaitField("Password", "••••••••••")
	hs.Press("esc")
	hs.WaitField("Username", "")
	hs.WaitField("Password", "")
	hs.WaitGone(en.T(text.LoginFailed))
	hs.WaitFocus("Username", loginItems)
}

func TestLoginSmartcardNotSetUp(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.Press("tab", "tab", "tab")
	hs.WaitFocus("< Log in via smartcard >", loginItems)
	hs.Press("enter")
	hs.WaitFor(en.T(text.LoginNoSmartcard))
	if hs.Has("Signed in:") {
		t.Fatalf("the smartcard button signed someone in:\n%s", hs.Screen())
	}
}

func TestLoginSignsIn(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"typed as given", "lower case with spaces"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			hs := newHarness(t, 80, 24)
			user := hs.fx.jane.Username
			if name != "typed as given" {
				user = "  " + strings.ToLower(user) + " "
			}
			hs.Type(user)
			hs.Press("tab")
			hs.Type(janePassword)
			hs.ClickText("< Log in >")
			hs.WaitFor("Welcome, Jane Smith")
			hs.WaitFor("Signed in: Jane Smith")
			if hs.Has(janePassword) || hs.Has(en.T(text.LoginTitle)) {
				t.Fatalf("the Login screen or the password is still on screen:\n%s", hs.Screen())
			}
		})
	}
}

func TestSignOutWipes(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, 80, 24)
	hs.signIn(hs.fx.jane.Username, janePassword)
	hs.WaitFor("Welcome, Jane Smith")
	hs.Send(screens.SignOut{}) // what the portal's Log out asks for
	hs.WaitFor(en.T(text.LoginTitle))
	hs.WaitGone("Signed in:")
	hs.WaitField("Username", "") // no username is remembered
	hs.WaitField("Password", "")
	hs.WaitFocus("Username", loginItems)
}
