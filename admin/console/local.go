package console

import (
	"context"
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/ui/widget"
)

// Local is a client kiosk's own state, which is all its console shows: a
// client keeps none of the Trust's users, cards, policy or audit (DESIGN
// §10), so those are managed at the service.
type Local struct {
	// Online: an instance of the service answers now.
	Online bool
	// Services are the service's URLs (server.urls), where the Trust is
	// managed.
	Services []string
	// LastSync is the kiosk's last heartbeat answered or change received;
	// zero for never.
	LastSync time.Time
	// Reader is what the smartcard monitor sees, as the status bar says it.
	Reader string
	// Driver is the card driver and, for a PKCS#11 module, whether it
	// loads; "" without smartcard sign-in.
	Driver string
	// QueuedEvents are the events waiting for the service.
	QueuedEvents int
}

// NewLocalFeed returns a feed of a client kiosk's own state, read by
// local at most once per ttl however many consoles ask.
func NewLocalFeed(local func(ctx context.Context) Local, ttl time.Duration, now func() time.Time) *Feed {
	f := NewFeed(nil, ttl, now)
	f.local = local
	return f
}

// localPage is a client kiosk's one page: this terminal's state, and
// where the Trust is managed.
type localPage struct {
	env  *Env
	snap Snapshot
}

func newLocalPage(env *Env) *localPage { return &localPage{env: env} }

func (p *localPage) enter() tea.Cmd         { return nil }
func (p *localPage) leave()                 {}
func (p *localPage) update(tea.Msg) tea.Cmd { return nil }
func (p *localPage) click(string) tea.Cmd   { return nil }
func (p *localPage) typing() bool           { return false }
func (p *localPage) setSnapshot(s Snapshot) { p.snap = s }
func (p *localPage) help() []key.Binding    { return nil }

func (p *localPage) layout(width, _ int) *widget.Layout {
	t := p.env.Theme
	l := &widget.Layout{}
	if p.snap.At.IsZero() || p.snap.Local == nil {
		l.Add(t.Muted.Render("Loading..."), "")
		return l
	}
	s, now := p.snap.Local, p.env.Now()
	l.Add(t.Subtitle.Render("This terminal: "+clean(p.env.Kiosk)), "")
	conn := t.Success.Render("online") + "  the Trust's service answers"
	if !s.Online {
		conn = t.Error.Render("offline") + " no instance of the Trust's service answers"
	}
	sync := "never"
	if !s.LastSync.IsZero() {
		sync = clock(s.LastSync, now) + " (" + ago(s.LastSync, now) + ")"
	}
	for _, r := range [][2]string{
		{"Connection", conn},
		{"Last sync", sync},
		{"Reader", dash(s.Reader)},
		{"Card driver", dash(clean(s.Driver))},
		{"Queued events", fmt.Sprint(s.QueuedEvents)},
	} {
		l.Add("  "+cell(r[0], 15)+" "+r[1], "")
	}
	l.Gap(1)
	l.Add(t.Subtitle.Render("Where the Trust is managed"), "")
	for _, line := range []string{
		"This kiosk is a client of the Trust's service: it keeps no users,",
		"cards, policy or audit. Manage them on the service's console or",
		"with its commands (kiosk serve there):",
	} {
		l.Add("  "+cut(line, width-2), "")
	}
	for _, u := range s.Services {
		l.Add("    "+t.Note.Render(cut(clean(u), width-4)), "")
	}
	return l
}
