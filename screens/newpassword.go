package screens

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
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
	p     text.Printer   // the words of the rules, and of the checklist
	rules []policy.Rule  // the profile's rules, known at once
	pol   *policy.Policy // loaded in the background, with the word lists
	// whole says the screen knows the whole user (Change password). Reset
	// knows only the username typed, not whose it is: a rule about the
	// user's own words can fail there but never pass before submit.
	whole bool
	// refusedPw is the password the core last refused for refusedUser,
	// and failed the rules it broke: while that password is typed for
	// that user they stay crossed, as the message says, even those the
	// checklist cannot check itself.
	refusedPw, refusedUser string
	failed                 map[string]bool
}

// newNewPassword knows the profile's rules straight away, so the
// checklist takes its place on the first frame and nothing moves when
// the policy has loaded. whole says the screen knows the whole user.
func newNewPassword(env *Env, whole bool) newPassword {
	return newPassword{p: env.Text, rules: policy.New(env.Auth.Profile(), nil, nil).Rules(), whole: whole}
}

// later reports a rule the screen can only settle on submit: one that
// needs the stored passwords, or, without the whole user, the user's
// own words.
func (n *newPassword) later(r policy.Rule) bool {
	return r.OnSubmit || (!n.whole && r.ID == policy.NoForbiddenWords)
}

// refuse notes the rules a refusal of password for username broke, so the
// checklist crosses them as the message says, and returns the lines to
// show: the message, then the words of each broken rule the checklist
// could not see for itself. Each is the core's id for the words.
func (n *newPassword) refuse(err error, password, username string) []text.Msg {
	n.refusedPw, n.refusedUser, n.failed = "", "", nil
	var pe *auth.PolicyError
	if errors.As(err, &pe) {
		n.refusedPw, n.refusedUser, n.failed = password, username, map[string]bool{}
		lines := []text.Msg{pe.Text()}
		for _, f := range pe.Failures {
			n.failed[f.Rule] = true
			if n.ruleSeen(f.Rule) {
				continue // crossed live already
			}
			lines = append(lines, text.Msg{ID: f.MessageID, Args: []any{f.N}})
		}
		return lines
	}
	// A mismatch, control characters: the core's error says which.
	if m, ok := text.ForError(err); ok {
		return []text.Msg{m}
	}
	return msgs(text.SomethingWrong)
}

// ruleSeen reports whether the checklist checks rule id as it is typed.
func (n *newPassword) ruleSeen(id string) bool {
	for _, r := range n.rules {
		if r.ID == id {
			return !n.later(r)
		}
	}
	return false
}

// checklist ticks or crosses each rule as the user types, in two lists:
// the rules checked now, and those settled on submit (each with a note
// saying so until a refusal crosses it). Nothing typed yet, or the policy
// not loaded yet, every rule waits.
func (n *newPassword) checklist(password, confirm string, s policy.Subject) (now, onSubmit []widget.CheckItem) {
	items := make([]policy.Item, 0, len(n.rules))
	if n.pol == nil {
		for _, r := range n.rules {
			items = append(items, policy.Item{Rule: r})
		}
	} else {
		items = n.pol.Checklist(password, s)
	}
	for _, it := range items {
		ci := widget.CheckItem{Label: n.p.T(it.Rule.LabelID, it.Rule.N), Passed: it.Passed, Pending: password == "" || n.pol == nil}
		refused := password != "" && password == n.refusedPw && s.Username == n.refusedUser && n.failed[it.Rule.ID]
		switch {
		case refused:
			ci.Pending, ci.Passed = false, false
		case n.later(it.Rule):
			// A rule checked here in part (the configured words, the
			// username typed) may already fail; it never passes early.
			if ci.Pending || it.Passed || it.Rule.OnSubmit {
				ci.Pending, ci.Note = true, n.p.T(text.RuleCheckedOnSubmit)
			}
		}
		if n.later(it.Rule) {
			onSubmit = append(onSubmit, ci)
		} else {
			now = append(now, ci)
		}
	}
	now = append(now, widget.CheckItem{Label: n.p.T(text.PasswordsMatchLabel), Passed: password == confirm, Pending: confirm == ""})
	return now, onSubmit
}

// addChecklist adds the live checklist and under it, a line each, the
// rules settled on submit with their note.
func addChecklist(l *widget.Layout, t theme.Theme, now, onSubmit []widget.CheckItem, width int) {
	l.Add(widget.Checklist(t, now, width), "")
	for _, it := range onSubmit {
		l.Add(widget.Checklist(t, []widget.CheckItem{it}, width), "")
	}
	l.Gap(1)
}
