package console

import (
	"context"
	"errors"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// policyPage shows the profile and forbidden words, adds and removes the
// maintainers' words, and tests a password against the policy.
type policyPage struct {
	env    *Env
	snap   Snapshot
	form   *widget.Form
	rules  []policy.Rule
	result []widget.CheckItem // the last test's checklist
	tested bool
	status string
	failed bool
	clear  key.Binding // esc: wipes the field, or goes to the first
}

// checked is a password test's answer.
type checked struct {
	fails []policy.Failure
	user  string
	err   error
}

func newPolicyPage(env *Env) *policyPage {
	t := env.Theme
	word := widget.NewField("Word", 20, false, t)
	word.SetCharLimit(40)
	pw := widget.NewField("Test password", 30, true, t)
	user := widget.NewField("For user", 14, false, t)
	user.SetPlaceholder("optional")
	user.SetCharLimit(auth.MaxUsernameLen + 8)
	p := &policyPage{env: env, clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")), form: widget.NewForm(english(),
		widget.FieldItem("word", word),
		widget.ButtonItem("forbid", "Forbid"),
		widget.ButtonItem("unforbid", "Remove"),
		widget.FieldItem("password", pw),
		widget.FieldItem("user", user),
		widget.ButtonItem("check", "Check"),
	)}
	p.form.Keys.Choose.SetHelp("enter", "do")
	p.rules = policy.New(env.Service.Profile(), nil, nil).Rules()
	return p
}

func (p *policyPage) enter() tea.Cmd {
	p.form.FocusID("word")
	return nil
}

// leave wipes the password typed for a test.
func (p *policyPage) leave() {
	p.form.Field("password").Reset()
	p.result, p.tested = nil, false
}

func (p *policyPage) typing() bool {
	return p.form.Focused().Field != nil
}

func (p *policyPage) setSnapshot(s Snapshot) { p.snap = s }

func (p *policyPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case actionDone:
		p.status, p.failed = msg.status()
		if msg.err == nil {
			p.form.Field("word").SetValue("")
		}
		return nil
	case checked:
		p.showResult(msg)
		return nil
	case tea.KeyPressMsg:
		if key.Matches(msg, p.clear) {
			p.form.ClearOrFirst()
			return nil
		}
	}
	return formUpdate(p.form, msg, p.activate)
}

func (p *policyPage) click(id string) tea.Cmd { return formClick(p.form, id, p.activate) }

func (p *policyPage) activate(id string) tea.Cmd {
	env := p.env
	word := strings.ToLower(strings.TrimSpace(p.form.Field("word").Value()))
	switch id {
	case "word", "forbid":
		if word == "" {
			return nil
		}
		return act(env.Ctx, func(ctx context.Context) (string, error) {
			err := env.Service.AddForbiddenWord(ctx, env.Actor, word)
			if errors.Is(err, auth.ErrConflict) {
				return "", errors.New(clean(word) + " is already forbidden")
			}
			return clean(word) + " is forbidden at every kiosk from the next check on.", err
		})
	case "unforbid":
		if word == "" {
			return nil
		}
		return act(env.Ctx, func(ctx context.Context) (string, error) {
			err := env.Service.RemoveForbiddenWord(ctx, env.Actor, word)
			if errors.Is(err, auth.ErrNotFound) {
				return "", errors.New(clean(word) + " is not a word a maintainer forbade (words in the configuration stay)")
			}
			return clean(word) + " is no longer forbidden.", err
		})
	case "password":
		p.form.FocusID("user")
	case "user", "check":
		return p.check()
	}
	return nil
}

// check tests the typed password off the UI loop: a user's previous
// passwords cost an argon2 verify each.
func (p *policyPage) check() tea.Cmd {
	pw := p.form.Field("password").Value()
	if pw == "" {
		p.status, p.failed = "Type a password to test.", true
		return nil
	}
	user := strings.TrimSpace(p.form.Field("user").Value())
	env := p.env
	p.status, p.failed = "Checking...", false
	return func() tea.Msg {
		fails, err := env.Service.CheckPassword(env.Ctx, user, env.Service.Profile(), pw, false) // never an oracle for her current password
		return checked{fails: fails, user: user, err: err}
	}
}

func (p *policyPage) showResult(c checked) {
	if c.err != nil {
		p.result, p.tested = nil, false
		p.status, p.failed = errText(c.err), true
		if errors.Is(c.err, auth.ErrNotFound) {
			p.status = "No user " + clean(auth.NormalizeUsername(c.user)) + "."
		}
		return
	}
	en := english()
	failed := map[string]bool{}
	var other []string
	for _, f := range c.fails {
		failed[f.Rule] = true
		if !slices.ContainsFunc(p.rules, func(r policy.Rule) bool { return r.ID == f.Rule }) {
			other = append(other, en.T(f.MessageID, f.N))
		}
	}
	p.result = p.result[:0]
	for _, r := range p.rules {
		it := widget.CheckItem{Label: en.T(r.LabelID, r.N), Passed: !failed[r.ID]}
		if r.OnSubmit {
			// A user's current and previous passwords are never tested here: that
			// would let a maintainer try guesses at them.
			it.Pending, it.Note = true, "(checked only at the kiosk)"
		}
		p.result = append(p.result, it)
	}
	p.tested = true
	switch {
	case len(other) > 0:
		p.status, p.failed = strings.Join(other, " "), true
	case len(c.fails) == 0:
		p.status, p.failed = "This password meets the policy.", false
	default:
		p.status, p.failed = "This password breaks the rules marked with a cross.", true
	}
}

func (p *policyPage) help() []key.Binding {
	return []key.Binding{p.form.Keys.Next, p.form.Keys.Choose, p.form.ShowKey(), p.clear}
}

func (p *policyPage) layout(width, height int) *widget.Layout {
	t := p.env.Theme
	l := &widget.Layout{}
	prof := p.env.Service.Profile()
	l.Add(t.Subtitle.Render("Profile ")+clean(prof.Name)+t.Muted.Render("  (set in the configuration file)"), "")
	ids := make([]string, len(p.rules))
	for i, r := range p.rules {
		ids[i] = r.ID
	}
	l.Add(lipgloss.NewStyle().Width(width).Render(t.Muted.Render("Rules: "+strings.Join(ids, ", "))), "")
	l.Gap(1)

	configured := map[string]bool{}
	for _, w := range p.env.ConfiguredWords {
		configured[strings.ToLower(strings.TrimSpace(w))] = true
	}
	var mine []string
	for _, w := range p.snap.Words {
		if !configured[strings.ToLower(w)] {
			mine = append(mine, clean(w))
		}
	}
	cfg := make([]string, 0, len(configured))
	for w := range configured {
		cfg = append(cfg, clean(w))
	}
	slices.Sort(cfg)
	l.Add(t.Subtitle.Render("Forbidden words"), "")
	l.Add(cut("  configuration: "+strings.Join(cfg, ", "), width), "")
	added := strings.Join(mine, ", ")
	if added == "" {
		added = t.Muted.Render("none")
	}
	l.Add(cut("  maintainers:   "+added, width), "")
	l.Row(2, widget.Part{Text: p.form.Render("word", t, 16), ID: "word"},
		widget.Part{Text: p.form.Render("forbid", t, 0), ID: "forbid"},
		widget.Part{Text: p.form.Render("unforbid", t, 0), ID: "unforbid"})
	l.Gap(1)
	l.Row(2, widget.Part{Text: p.form.Render("password", t, 16), ID: "password"})
	l.Row(2, widget.Part{Text: p.form.Render("user", t, 16), ID: "user"},
		widget.Part{Text: p.form.Render("check", t, 0), ID: "check"})
	l.Gap(1)
	if p.tested {
		l.Add(widget.Checklist(t, p.result, width), "")
	}
	addOutcome(l, t, p.status, p.failed, width)
	return l
}
