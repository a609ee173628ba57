package screens

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
)

// offlineEnv is a kiosk working offline whose gate offers password and
// card sign-in as said.
func offlineEnv(password, card bool) *Env {
	env := testPortalEnv()
	env.Offline = func() bool { return true }
	env.OfflinePassword = func() bool { return password }
	env.OfflineCard = func() bool { return card }
	return env
}

// said is what a screen draws at width, as one line of words.
func said(s Screen, width int) string {
	return strings.Join(strings.Fields(ansi.Strip(s.Layout(width).String())), " ")
}

// Offline, a failed sign-in says the gate's words for its refusal when it
// has some, a failed password as online, and otherwise what Login says of
// offline password sign-in now; never the error's own text.
func TestLoginSaysTheOfflineRefusal(t *testing.T) {
	refusal := text.NewError(text.PasswordRefused, "offline: a developer's words", nil)
	for _, c := range []struct {
		name    string
		offered bool
		err     error
		want    text.ID
	}{
		{"refusal with words", true, refusal, text.PasswordRefused},
		{"wrong password", true, &auth.LoginError{}, text.LoginFailed},
		{"no words, still offered", true, errors.New("offline: a developer's words"), text.OfflinePasswordOffered},
		{"no longer offered", false, refusal, text.OfflinePasswordSignIn},
		{"no words, not offered", false, errors.New("offline: a developer's words"), text.OfflinePasswordSignIn},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewLogin(offlineEnv(c.offered, false), "", "")
			s.Update(loginDone{err: c.err})
			got := said(s, wideBody)
			if !strings.Contains(got, en.T(c.want)) {
				t.Errorf("the screen does not say %q:\n%s", en.T(c.want), got)
			}
			if strings.Contains(got, "developer") {
				t.Errorf("the screen shows the error's own text:\n%s", got)
			}
		})
	}
}

// Offline, a card sign-in the gate no longer offers, failing without
// words, says card sign-in is not available, not that the card could not
// be read; the card's own words still come first.
func TestSmartcardSaysTheOfflineRefusal(t *testing.T) {
	for _, c := range []struct {
		name    string
		offered bool
		err     error
		want    text.ID
		not     text.ID
	}{
		{"offer gone", false, errors.New("remote: working offline"), text.OfflineCardSignIn, text.CardUnreadable},
		{"offered, unreadable", true, errors.New("pcsc: gone"), text.CardUnreadable, text.OfflineCardSignIn},
		{"card's words", false, text.NewError(text.CardNotEnrolled, "x", nil), text.CardNotEnrolled, text.CardUnreadable},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewSmartcard(offlineEnv(false, c.offered), "Reader 0", false)
			s.Update(cardDone{err: c.err})
			got := said(s, wideBody)
			if !strings.Contains(got, en.T(c.want)) {
				t.Errorf("the screen does not say %q:\n%s", en.T(c.want), got)
			}
			if strings.Contains(got, en.T(c.not)) {
				t.Errorf("the screen says %q:\n%s", en.T(c.not), got)
			}
		})
	}
}
