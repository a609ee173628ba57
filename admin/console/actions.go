package console

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// actionDone is the outcome of a maintainer's action, to show on the page.
type actionDone struct {
	text string
	err  error
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
	}
	return nil
}

// enrol checks a pasted certificate as a sign-in would and enrols it.
func enrol(ctx context.Context, env *Env, username, pem string) (string, error) {
	pem = strings.TrimSpace(pem)
	if pem == "" {
		return "", errors.New("nothing was pasted")
	}
	cert, err := certs.ParseCertificate([]byte(pem))
	if err != nil {
		return "", fmt.Errorf("that is not a certificate: %w", err)
	}
	if err := certs.CheckKey(cert); err != nil {
		return "", err
	}
	warn := ""
	trust, err := env.Trust()
	switch {
	case err != nil:
		return "", err
	case trust == nil:
		warn = " (trust.ca_file is not set, so its issuer was not checked)"
	default:
		if err := trust.Check(cert, env.Now()); err != nil {
			return "", err
		}
	}
	c, err := env.Service.EnrolCard(ctx, env.Actor, username, cert)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("Card %d enrolled to %s%s.", c.ID, c.Username, warn), nil
}

// errText is an error as a maintainer should read it: the words after the
// package prefixes for bad input and conflicts.
func errText(err error) string {
	msg := err.Error()
	for _, sentinel := range []error{auth.ErrInvalid, auth.ErrConflict} {
		if errors.Is(err, sentinel) {
			if _, after, ok := strings.Cut(msg, sentinel.Error()+": "); ok {
				return clean(after)
			}
		}
	}
	if errors.Is(err, auth.ErrNotFound) {
		return "Not found: it may have been removed meanwhile."
	}
	return clean(msg)
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
