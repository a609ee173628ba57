package screens

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Messages shared by the screens that set a password.
const (
	MsgMismatch    = "The passwords you entered do not match."
	MsgPolicyFails = "Your new password does not meet the rules:"
	LabelMatch     = "Both passwords match"
	NoteOnSubmit   = "(checked when you submit)"
)

// policyLoaded carries the policy in force, loaded off the UI loop (the
// word lists take tens of milliseconds the first time).
type policyLoaded struct {
	pol *policy.Policy
	err error
}

// loadPolicy loads the policy in a command.
func loadPolicy(env *Env) tea.Cmd {
	return func() tea.Msg {
		p, err := env.Auth.Policy(env.Ctx)
		return policyLoaded{p, err}
	}
}

// newPassword is the live checklist of a new password under the policy,
// shared by Reset and Change password.
type newPassword struct {
	pol *policy.Policy
}

// checklist ticks or crosses each rule as the user types; nothing typed
// yet, every rule waits.
func (n *newPassword) checklist(password, confirm string, s policy.Subject) []widget.CheckItem {
	if n.pol == nil {
		return nil
	}
	var items []widget.CheckItem
	for _, it := range n.pol.Checklist(password, s) {
		ci := widget.CheckItem{Label: it.Rule.Label, Passed: it.Passed, Pending: password == ""}
		if it.Rule.OnSubmit {
			ci.Pending, ci.Note = true, NoteOnSubmit
		}
		items = append(items, ci)
	}
	return append(items, widget.CheckItem{Label: LabelMatch, Passed: password == confirm, Pending: confirm == ""})
}

// failures turns a refusal of a new password into lines to show.
func failures(err error) []string {
	var pe *auth.PolicyError
	switch {
	case errors.As(err, &pe):
		lines := []string{MsgPolicyFails}
		for _, f := range pe.Failures {
			lines = append(lines, f.Message)
		}
		return lines
	case errors.Is(err, auth.ErrMismatch):
		return []string{MsgMismatch}
	case errors.Is(err, auth.ErrInvalid):
		return []string{"A password cannot hold control characters."}
	}
	return nil
}

// checklistColumns fits the checklist in two columns when there is room.
func checklistColumns(width int) int {
	if width >= 66 {
		return 2
	}
	return 1
}
