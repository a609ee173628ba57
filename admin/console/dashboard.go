package console

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Silent is how long after its last heartbeat a kiosk is shown as silent:
// kiosks beat every 15 seconds.
const Silent = time.Minute

// dashboard shows the kiosks, the outbox, locked accounts and the latest
// audit events, refreshed every few seconds.
type dashboard struct {
	env  *Env
	snap Snapshot
}

func newDashboard(env *Env) *dashboard { return &dashboard{env: env} }

func (d *dashboard) enter() tea.Cmd         { return nil }
func (d *dashboard) leave()                 {}
func (d *dashboard) update(tea.Msg) tea.Cmd { return nil }
func (d *dashboard) click(string) tea.Cmd   { return nil }
func (d *dashboard) typing() bool           { return false }
func (d *dashboard) setSnapshot(s Snapshot) { d.snap = s }
func (d *dashboard) help() []key.Binding    { return nil } // the console's own keys say all

// section is a titled list that may be cut to fit.
type section struct {
	title string
	rows  []string
	empty string
}

func (d *dashboard) layout(width, height int) *widget.Layout {
	t := d.env.Theme
	l := &widget.Layout{}
	if d.snap.At.IsZero() {
		l.Add(t.Muted.Render("Loading..."), "")
		return l
	}
	if d.snap.Err != nil {
		l.Add(t.Error.Render(cut("Cannot read the kiosk's database: "+clean(d.snap.Err.Error()), width)), "")
		return l
	}
	now := d.env.Now()
	secs := []section{d.terminals(width, now), d.outbox(width, now), d.locked(width, now), d.audit(width, now)}
	// Each section has a title and a gap; the rest is shared out, the
	// audit taking what the others leave.
	avail := height - 2*len(secs) + 1
	quota := []int{5, 4, 5, 0}
	rows := make([]int, len(secs))
	for i, s := range secs[:3] {
		rows[i] = min(max(1, len(s.rows)), quota[i])
		avail -= rows[i]
	}
	rows[3] = max(1, avail)
	for i, s := range secs {
		if i > 0 {
			l.Gap(1)
		}
		l.Add(t.Subtitle.Render(s.title), "")
		switch {
		case len(s.rows) == 0:
			l.Add("  "+t.Muted.Render(s.empty), "")
		case len(s.rows) <= rows[i]:
			for _, r := range s.rows {
				l.Add("  "+r, "")
			}
		default:
			n := rows[i] - 1
			// Audit: the newest matter most; elsewhere the first.
			shown := s.rows[:n]
			if i == 3 {
				shown = s.rows[len(s.rows)-n:]
			}
			for _, r := range shown {
				l.Add("  "+r, "")
			}
			l.Add("  "+t.Muted.Render(fmt.Sprintf("… and %d more", len(s.rows)-n)), "")
		}
	}
	return l
}

func (d *dashboard) terminals(width int, now time.Time) section {
	t := d.env.Theme
	s := section{title: fmt.Sprintf("Terminals (%d)", len(d.snap.Terminals)), empty: "No kiosk has reported in yet."}
	for _, term := range d.snap.Terminals {
		state := t.Success.Render("alive ")
		switch {
		case term.Disabled:
			state = t.Error.Render("off   ")
		case now.Sub(term.LastSeen) > Silent:
			state = t.Error.Render("silent")
		}
		seen := "seen " + clock(term.LastSeen, now) + " (" + ago(term.LastSeen, now) + ")"
		if term.LastSeen.IsZero() {
			seen = "never seen"
		}
		// A terminal of the fleet says its ward and version, and what it
		// has not yet told the service.
		extra := dash(term.ReaderState)
		for _, s := range []string{term.Ward, version(term.Version)} {
			if s != "" {
				extra += " · " + s
			}
		}
		if term.QueuedEvents > 0 {
			extra += fmt.Sprintf(" · %d events queued", term.QueuedEvents)
		}
		if term.Failures > 0 {
			extra += fmt.Sprintf(" · %d failed sign-ins", term.Failures)
		}
		s.rows = append(s.rows, state+"  "+row(width-10, []int{16, 28}, clean(term.Name), seen, extra))
	}
	return s
}

// version is a kiosk's version as the dashboard shows it, "" when unknown.
func version(v string) string {
	if v == "" {
		return ""
	}
	return "version " + v
}

func (d *dashboard) outbox(width int, now time.Time) section {
	t := d.env.Theme
	count := map[string]int{}
	var waiting []auth.Message
	for _, m := range d.snap.Messages {
		count[m.Status]++
		if m.Status != auth.MessageSent {
			waiting = append(waiting, m)
		}
	}
	s := section{
		title: fmt.Sprintf("Outbox  %d queued · %d sent · %d dead", count[auth.MessageQueued],
			count[auth.MessageSent], count[auth.MessageDead]),
		empty: "Nothing waiting.",
	}
	slices.Reverse(waiting) // newest first
	for _, m := range waiting {
		status := t.Note.Render(cell(m.Status, 6))
		if m.Status == auth.MessageDead {
			status = t.Error.Render(cell(m.Status, 6))
		}
		next := fmt.Sprintf("%d tries", m.Attempts)
		if m.Status == auth.MessageQueued && !m.NextAttemptAt.IsZero() {
			next += ", next " + clock(m.NextAttemptAt, now)
		}
		s.rows = append(s.rows, status+"  "+row(width-10, []int{6, 22, 28}, fmt.Sprintf("#%d", m.ID), next,
			clean(m.To), clean(m.Subject)))
	}
	return s
}

func (d *dashboard) locked(width int, now time.Time) section {
	var rows []string
	for _, a := range d.snap.Accounts {
		here := a.LockedHere(now)
		if !a.Lockout.Locked(now) && len(here) == 0 {
			continue
		}
		why := accountStatus(a, now)
		if a.Lockout.LockCount > 0 && !a.Lockout.AdminLocked {
			why += fmt.Sprintf(" (lock %d)", a.Lockout.LockCount)
		}

		rows = append(rows, row(width-2, []int{12, 24}, a.User.Username, clean(a.User.Name()), why))
	}
	return section{title: fmt.Sprintf("Locked accounts (%d)", len(rows)), rows: rows, empty: "None."}
}

func (d *dashboard) audit(width int, now time.Time) section {
	s := section{title: "Latest audit events", empty: "None yet."}
	for _, e := range d.snap.Events {
		s.rows = append(s.rows, eventRow(e, width-2, false, now))
	}
	return s
}

// eventRow draws one audit event on a line.
func eventRow(e auth.Event, width int, date bool, now time.Time) string {
	when := clock(e.At, now)
	w := 8
	if date {
		when, w = e.At.Local().Format("2006-01-02 15:04:05"), 19
	}
	return row(width, []int{w, 10, 24, 18, 12}, when, dash(e.Terminal), dash(e.Actor), clean(e.Action),
		dash(e.Subject), clean(e.Detail))
}
