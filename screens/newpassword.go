package screens

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Messages shared by the screens that set a password.
const (
	MsgMismatch    = "The passwords you entered do not match."
	MsgPolicyFails = "Your new password does not meet the rules marked with a cross."
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
	rules []policy.Rule  // the profile's rules, known at once
	pol   *policy.Policy // loaded in the background, with the word lists
	// used is the password the core refused as used before (a rule
	// checked only on submit): while it is typed, that rule is crossed.
	used string
}

// refused notes which on-submit rule a refusal of password failed, so the
// checklist crosses it as the message says, and returns the lines to show.
func (n *newPassword) refused(err error, password string) []string {
	n.used = ""
	var pe *auth.PolicyError
	if errors.As(err, &pe) {
		for _, f := range pe.Failures {
			if f.Rule == policy.NotPrevious {
				n.used = password
			}
		}
	}
	return refusal(err)
}

// newNewPassword knows the profile's rules straight away, so the
// checklist takes its place on the first frame and nothing moves when
// the policy has loaded.
func newNewPassword(env *Env) newPassword {
	return newPassword{rules: policy.New(env.Auth.Profile(), nil, nil).Rules()}
}

// checklist ticks or crosses each rule as the user types; nothing typed
// yet, or the policy not loaded yet, every rule waits.
func (n *newPassword) checklist(password, confirm string, s policy.Subject) []widget.CheckItem {
	if n.pol == nil {
		items := make([]widget.CheckItem, 0, len(n.rules)+1)
		for _, r := range n.rules {
			items = append(items, widget.CheckItem{Label: r.Label, Pending: true})
		}
		return append(items, widget.CheckItem{Label: LabelMatch, Pending: true})
	}
	var items []widget.CheckItem
	for _, it := range n.pol.Checklist(password, s) {
		ci := widget.CheckItem{Label: it.Rule.Label, Passed: it.Passed, Pending: password == ""}
		if it.Rule.OnSubmit {
			ci.Pending = true
			if it.Rule.ID == policy.NotPrevious && password != "" && password == n.used {
				ci.Pending, ci.Passed = false, false
			}
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
		// The checklist already crosses what it can see; only rules checked
		// on submit need their own words.
		lines := []string{MsgPolicyFails}
		for _, f := range pe.Failures {
			if f.Rule == policy.NotPrevious {
				lines = append(lines, f.Message)
			}
		}
		return lines
	case errors.Is(err, auth.ErrMismatch):
		return []string{MsgMismatch}
	case errors.Is(err, auth.ErrInvalid):
		return []string{"A password cannot hold control characters."}
	}
	return nil
}

// addChecklist adds the live checklist and, for rules checked only on
// submit, a note saying so.
func addChecklist(l *widget.Layout, t theme.Theme, items []widget.CheckItem, width int) {
	if items == nil {
		return
	}
	l.Add(widget.Checklist(t, items, width), "")
	l.Add(t.Muted.Render(t.PendingMark+" "+NoteOnSubmit[1:len(NoteOnSubmit)-1]), "")
	l.Gap(1)
}

// refusal is what to show when a new password is refused: the policy's
// words, or that something went wrong.
func refusal(err error) []string {
	if lines := failures(err); lines != nil {
		return lines
	}
	return []string{MsgSomethingWrong}
}
