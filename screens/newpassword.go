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

// PolicyChanged tells a screen that the policy in force changed (a
// maintainer added or removed a forbidden word): a live checklist loads it
// again and checks what is typed against it.
type PolicyChanged struct{}

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
	// failed the rules it broke and said what the screen shows of it.
	// The core checks every rule on submit, so while that password is
	// typed for that user the rules it broke stay crossed, with their
	// words, and the others are ticked, even those the checklist cannot
	// check itself; another password, and they wait again.
	refusedPw, refusedUser string
	failed                 map[string]bool
	said                   []text.Msg
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

// refuse takes the core's refusal of password for username. A refusal
// by the policy is kept (see refusal) and refuse returns nil; for any
// other error it returns the lines to show, the core's id for the words.
func (n *newPassword) refuse(err error, password, username string) []text.Msg {
	n.refusedPw, n.refusedUser, n.failed, n.said = "", "", nil, nil
	var pe *auth.PolicyError
	if errors.As(err, &pe) {
		n.refusedPw, n.refusedUser, n.failed = password, username, map[string]bool{}
		n.said = []text.Msg{pe.Text()}
		for _, f := range pe.Failures {
			n.failed[f.Rule] = true
			if n.ruleSeen(f.Rule) {
				continue // crossed live already
			}
			n.said = append(n.said, text.Msg{ID: f.MessageID, Args: []any{f.N}})
		}
		return nil
	}
	// A mismatch, control characters: the core's error says which.
	if m, ok := text.ForError(err); ok {
		return []text.Msg{m}
	}
	return msgs(text.SomethingWrong)
}

// answer puts in prob what to say of the core's refusal of password,
// typed for username: a mismatch is about the two passwords, and any other
// error but the policy's about the fields in about. The policy's refusal
// is the checklist's to say, while that password is typed (see refusal).
func (n *newPassword) answer(prob *problem, err error, password, username string, about ...string) {
	lines := n.refuse(err, password, username)
	switch {
	case lines == nil:
		prob.clear()
	case errors.Is(err, auth.ErrMismatch):
		prob.say(lines, "password", "confirm")
	default:
		prob.say(lines, about...)
	}
}

// refused reports that password, typed for username, is the one the
// policy last refused.
func (n *newPassword) refused(password, username string) bool {
	return n.failed != nil && password != "" && password == n.refusedPw && username == n.refusedUser
}

// refusal is what to say of the policy's refusal while its password is
// typed for its user: the message, then the words of each broken rule the
// checklist could not see for itself; nil otherwise.
func (n *newPassword) refusal(password, username string) []text.Msg {
	if !n.refused(password, username) {
		return nil
	}
	return n.said
}

// words are the lines under the form: the screen's problem when it has
// one, else the refusal of the password typed.
func (n *newPassword) words(pr text.Printer, prob *problem, password, username string) []string {
	if prob.shown() {
		return prob.words(pr)
	}
	said := problem{lines: n.refusal(password, username)}
	return said.words(pr)
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
	refused := n.refused(password, s.Username)
	for _, it := range items {
		ci := widget.CheckItem{Label: n.p.T(it.Rule.LabelID, it.Rule.N), Passed: it.Passed, Pending: password == "" || n.pol == nil}
		switch {
		case refused && n.failed[it.Rule.ID]:
			ci.Pending, ci.Passed = false, false
		case refused && n.later(it.Rule):
			// The core checked it with the rest just now, and it passed.
			ci.Pending, ci.Passed = false, true
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

// addChecklist adds the live checklist of the password and confirmation
// typed in f for whom and under it, a line each, the rules settled on
// submit with their note.
func (n *newPassword) addChecklist(l *widget.Layout, t theme.Theme, f *widget.Form, whom policy.Subject, width int) {
	now, onSubmit := n.checklist(f.Field("password").Value(), f.Field("confirm").Value(), whom)
	l.Add(widget.Checklist(t, now, width), "")
	for _, it := range onSubmit {
		l.Add(widget.Checklist(t, []widget.CheckItem{it}, width), "")
	}
	l.Gap(1)
}
