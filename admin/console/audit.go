package console

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// auditLimit is how many matching events a search keeps.
const auditLimit = 500

// auditPage searches the audit and verifies its chain.
type auditPage struct {
	env     *Env
	form    *widget.Form
	events  []auth.Event
	top     int // first event shown, from the newest
	listH   int
	status  string
	failed  bool
	verify  string
	broken  bool
	started bool
	keys    auditKeys
}

// auditKeys scroll the events and clear a field; the form's keys move
// focus and search.
type auditKeys struct{ Older, Newer, Clear key.Binding }

func newAuditKeys() auditKeys {
	return auditKeys{
		// The help line says both in one entry, Older's.
		Older: key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "scroll")),
		Newer: key.NewBinding(key.WithKeys("pgdown")),
		Clear: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
	}
}

type (
	found    struct{ events []auth.Event }
	verified struct {
		n   int
		err error
	}
	searchFailed struct{ err error }
)

func newAuditPage(env *Env) *auditPage {
	t := env.Theme
	user := widget.NewField("User", 22, false, t)
	user.SetPlaceholder("username or maintainer")
	event := widget.NewField("Event", 22, false, t)
	event.SetPlaceholder("admin. or login.failed")
	from := widget.NewField("From", 22, false, t)
	from.SetPlaceholder("2026-11-27 or 2h")
	to := widget.NewField("To", 22, false, t)
	a := &auditPage{env: env, keys: newAuditKeys(), form: widget.NewForm(english(),
		widget.FieldItem("user", user),
		widget.FieldItem("event", event),
		widget.FieldItem("from", from),
		widget.FieldItem("to", to),
		widget.ButtonItem("search", "Search"),
		widget.ButtonItem("verify", "Verify chain"),
	)}
	a.form.Keys.Choose.SetHelp("enter", "search")
	return a
}

func (a *auditPage) enter() tea.Cmd {
	a.form.FocusID("user")
	if !a.started {
		a.started = true
		return a.search()
	}
	return nil
}

func (a *auditPage) leave()                 {}
func (a *auditPage) setSnapshot(s Snapshot) {}
func (a *auditPage) typing() bool           { return a.form.Focused().Field != nil }

func (a *auditPage) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case found:
		a.events, a.top = msg.events, 0
		a.status, a.failed = fmt.Sprintf("%d events", len(msg.events)), false
		if len(msg.events) == auditLimit {
			a.status += fmt.Sprintf(" (the newest %d)", auditLimit)
		}
		return nil
	case searchFailed:
		a.status, a.failed = errText(msg.err), true
		return nil
	case verified:
		var ce *auth.ChainError
		switch {
		case errors.As(msg.err, &ce):
			a.verify, a.broken = ce.Error(), true
		case msg.err != nil:
			a.verify, a.broken = errText(msg.err), true
		default:
			a.verify, a.broken = fmt.Sprintf("Chain intact: %d events verified.", msg.n), false
		}
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, a.keys.Older):
			a.top = min(a.top+max(1, a.listH), max(0, len(a.events)-a.listH))
			return nil
		case key.Matches(msg, a.keys.Newer):
			a.top = max(0, a.top-max(1, a.listH))
			return nil
		case key.Matches(msg, a.keys.Clear):
			a.form.ClearOrFirst()
			return nil
		}
	}
	return formUpdate(a.form, msg, a.activate)
}

func (a *auditPage) click(id string) tea.Cmd { return formClick(a.form, id, a.activate) }

func (a *auditPage) activate(id string) tea.Cmd {
	if id == "verify" {
		env := a.env
		a.verify, a.broken = "Verifying...", false
		return func() tea.Msg {
			n, err := env.Service.VerifyAudit(env.Ctx)
			return verified{n: n, err: err}
		}
	}
	return a.search() // Enter in any field searches
}

// search runs the filter off the UI loop.
func (a *auditPage) search() tea.Cmd {
	now := a.env.Now()
	since, err := parseWhen(a.form.Field("from").Value(), now, false)
	if err != nil {
		a.status, a.failed = "From: "+err.Error(), true
		return nil
	}
	until, err := parseWhen(a.form.Field("to").Value(), now, true)
	if err != nil {
		a.status, a.failed = "To: "+err.Error(), true
		return nil
	}
	user := strings.TrimSpace(a.form.Field("user").Value())
	f := auth.EventFilter{Username: user, Maintainer: user, Since: since, Until: until,
		Action: strings.ToLower(strings.TrimSpace(a.form.Field("event").Value())), Limit: auditLimit}
	env := a.env
	a.status, a.failed = "Searching...", false
	return func() tea.Msg {
		evs, err := env.Service.FindAuditEvents(env.Ctx, f)
		if err != nil {
			return searchFailed{err}
		}
		return found{evs}
	}
}

func (a *auditPage) help() []key.Binding {
	return []key.Binding{a.form.Keys.Next, a.form.Keys.Choose, a.keys.Older, a.keys.Clear}
}

func (a *auditPage) layout(width, height int) *widget.Layout {
	t := a.env.Theme
	l := &widget.Layout{}
	l.Row(2, widget.Part{Text: a.form.Render("user", t, 6), ID: "user"},
		widget.Part{Text: a.form.Render("event", t, 6), ID: "event"})
	l.Row(2, widget.Part{Text: a.form.Render("from", t, 6), ID: "from"},
		widget.Part{Text: a.form.Render("to", t, 6), ID: "to"})
	search, verify := a.form.Render("search", t, 0), a.form.Render("verify", t, 0)
	hint := cut("times: 2026-11-27, 2026-11-27 14:00, or 2h / 7d ago", width-lipgloss.Width(search+verify)-4)
	l.Row(2, widget.Part{Text: search, ID: "search"}, widget.Part{Text: verify, ID: "verify"},
		widget.Part{Text: t.Muted.Render(hint)})
	switch {
	case a.status == "":
		l.Gap(1)
	case a.failed:
		l.Add(t.Error.Render(cut(a.status, width)), "")
	default:
		l.Add(t.Muted.Render(cut(a.status, width)), "")
	}
	a.listH = max(1, height-6)
	end := len(a.events) - a.top
	start := max(0, end-a.listH)
	now := a.env.Now()
	for _, e := range a.events[start:max(start, end)] {
		l.Add(eventRow(e, width, true, now), "")
	}
	for range a.listH - (end - start) {
		l.Gap(1)
	}
	addOutcome(l, t, a.verify, a.broken, width)
	return l
}
