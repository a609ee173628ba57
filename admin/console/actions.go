package console

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/text"
)

// actionDone is the outcome of a maintainer's action, to show on the page.
type actionDone struct {
	text string
	err  error
}

// status is what the page's status line says of the action: its words,
// or the error's, marked failed.
func (d actionDone) status() (words string, failed bool) {
	if d.err != nil {
		return errText(d.err), true
	}
	return d.text, false
}

// act runs an action off the UI loop and then asks for fresh data.
func act(ctx context.Context, do func(context.Context) (string, error)) tea.Cmd {
	return tea.Sequence(
		func() tea.Msg {
			text, err := do(ctx)
			return actionDone{text: text, err: err}
		},
		func() tea.Msg { return refreshNow{} },
	)
}

// accountAction is one of the actions on an account.
type accountAction struct {
	id, label, question, done string
}

// accountActions are the buttons under an account, in focus order.
func accountActions() []accountAction {
	return []accountAction{
		{"unlock", "Unlock", "Unlock %s and clear their failed sign-ins?", "%s unlocked."},
		{"lock", "Lock", "Lock %s until a maintainer unlocks it?", "%s locked."},
		{"disable", "Disable", "Disable %s? They cannot sign in or get reset emails until enabled.", "%s disabled."},
		{"enable", "Enable", "Enable %s so they can sign in again?", "%s enabled."},
		{"reset", "Send reset code", "Email %s a reset code? Any earlier code stops working.", "Reset code emailed to %s."},
	}
}

// languageActions are the buttons that set an account's language, after
// the card buttons.
func languageActions() []accountAction {
	return []accountAction{
		{"welsh", "Cymraeg", "Give %s their portal and emails in Welsh (Cymraeg)?", "%s's portal and emails are in Welsh."},
		{"english", "English", "Give %s their portal and emails in English?", "%s's portal and emails are in English."},
	}
}

// runAccountAction calls the service for an account action id.
func runAccountAction(svc Service, id string) func(context.Context, auth.Actor, string) error {
	switch id {
	case "unlock":
		return svc.Unlock
	case "lock":
		return svc.Lock
	case "disable":
		return svc.Disable
	case "enable":
		return svc.Enable
	case "reset":
		return svc.SendReset
	case "welsh", "english":
		lang := map[string]text.Lang{"welsh": text.Welsh, "english": text.English}[id]
		return func(ctx context.Context, by auth.Actor, username string) error {
			return svc.SetLanguage(ctx, by, username, lang)
		}
	}
	return nil
}

// enrol enrols a pasted certificate under the auth core's rule, checked
// against the Trust when one is configured.
func enrol(ctx context.Context, env *Env, username, pem string) (string, error) {
	pem = strings.TrimSpace(pem)
	if pem == "" {
		return "", errors.New("nothing was pasted")
	}
	trust, err := env.Trust()
	if err != nil {
		return "", err
	}
	c, err := env.Service.EnrolCard(ctx, env.Actor, username, []byte(pem), trust)
	if err != nil {
		return "", err
	}
	warn := ""
	if trust == nil {
		warn = " (trust.ca_file is not set, so its issuer was not checked)"
	}
	return fmt.Sprintf("Card %d enrolled to %s%s.", c.ID, c.Username, warn), nil
}

// english is the console's language. Its own words are English, as its
// readers are maintainers; the words it shares with the kiosk (the
// policy's, the auth core's errors, the widgets') come from the catalogue,
// in English.
func english() text.Printer { return text.For(text.English) }

// errText is an error as a maintainer should read it: the catalogue's
// words for an error staff read too, so the console says what the kiosk
// says; a thing not found was most likely removed since the page was drawn.
func errText(err error) string {
	if errors.Is(err, auth.ErrNotFound) {
		return "Not found: it may have been removed meanwhile."
	}
	if m, ok := text.ForError(err); ok {
		return english().Text(m)
	}
	return auth.ErrorText(err)
}

// cardLine describes a card in a line.
func cardLine(c auth.Card, now time.Time) string {
	state := c.State(now)
	fp := c.Fingerprint
	if len(fp) > 12 {
		fp = fp[:12]
	}
	return fmt.Sprintf("card %d %s, valid to %s, sha256 %s… %s", c.ID, state, c.NotAfter.Format(time.DateOnly), fp, dash(c.Subject))
}
