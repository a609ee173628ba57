package console

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/ui/idle"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Minimum terminal size the console draws in.
const (
	MinWidth  = 80
	MinHeight = 24
)

// idleWarning is how long before the idle timeout the console warns.
const idleWarning = 30 * time.Second

// page is one of the console's pages. A page draws its body into a
// layout, so mouse clicks map back to its items.
type page interface {
	// enter is called when the page is shown.
	enter() tea.Cmd
	// leave is called when another page is shown: typed secrets go.
	leave()
	update(msg tea.Msg) tea.Cmd
	layout(width, height int) *widget.Layout
	click(id string) tea.Cmd
	help() []widget.Key
	// typing reports that keys are text for a field or a dialog, so the
	// console's one-key shortcuts (1-4, q) do not apply.
	typing() bool
	setSnapshot(s Snapshot)
}

// Page names, in tab order.
var pageNames = []string{"Dashboard", "Users", "Policy", "Audit"}

// Messages of the console itself.
type (
	tick      time.Time
	refreshed Snapshot
	closing   struct{}
	// refreshNow asks for a fresh snapshot after an action.
	refreshNow struct{}
)

// Model is the console's top model: tabs, header, status bar, idle
// timeout and the routing of messages to the page showing.
type Model struct {
	env           *Env
	pages         []page
	current       int
	width, height int
	snap          Snapshot
	now           time.Time
	idle          idle.Timer // touched by every key, click, paste and scroll
	fetched       time.Time  // last snapshot asked for
	fetching      bool
	goodbye       string
}

// New returns the console on its Dashboard.
func New(env *Env) *Model {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Poll <= 0 {
		env.Poll = 3 * time.Second
	}
	now := env.Now()
	m := &Model{env: env, width: MinWidth, height: MinHeight, now: now,
		idle: idle.New(env.IdleTimeout, idleWarning, now)}
	m.pages = []page{newDashboard(env), newUsers(env), newPolicyPage(env), newAuditPage(env)}
	return m
}

// Goodbye is why the console closed, to say once it has, or "".
func (m *Model) Goodbye() string { return m.goodbye }

// Page is the name of the page showing.
func (m *Model) Page() string { return pageNames[m.current] }

// Init starts the clock, the first load and the watch on the session.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.fetch(), m.tick(), m.watch(), m.pages[m.current].enter())
}

func (m *Model) tick() tea.Cmd {
	return tea.Every(time.Second, func(t time.Time) tea.Msg { return tick(t) })
}

// watch ends the console when the session or the server does.
func (m *Model) watch() tea.Cmd {
	ctx := m.env.Ctx
	return func() tea.Msg {
		<-ctx.Done()
		return closing{}
	}
}

// fetch loads a snapshot off the UI loop.
func (m *Model) fetch() tea.Cmd {
	if m.fetching {
		return nil
	}
	m.fetching = true
	m.fetched = m.env.Now()
	env := m.env
	return func() tea.Msg { return refreshed(env.Feed.Get(env.Ctx)) }
}

// Update routes a message: the console's own keys and timers here, the
// rest to the page showing.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, nil
	case tick:
		m.now = m.env.Now()
		var cmds []tea.Cmd
		if m.idle.Check(m.now) == idle.TimedOut {
			m.goodbye = fmt.Sprintf("Closed after %s without input.", m.env.IdleTimeout)
			return m, tea.Quit
		}
		if m.now.Sub(m.fetched) >= m.env.Poll {
			cmds = append(cmds, m.fetch())
		}
		return m, tea.Batch(append(cmds, m.tick())...)
	case refreshed:
		m.fetching = false
		m.snap = Snapshot(msg)
		for _, p := range m.pages {
			p.setSnapshot(m.snap)
		}
		return m, nil
	case refreshNow:
		m.env.Feed.Invalidate()
		return m, m.fetch()
	case closing:
		if m.goodbye == "" {
			m.goodbye = "The maintenance server closed this session."
		}
		return m, tea.Quit
	case tea.KeyPressMsg:
		if m.idle.Touch(m.env.Now()) {
			return m, nil // any key means "still here", and does nothing else
		}
		if cmd, ok := m.globalKey(msg); ok {
			return m, cmd
		}
	case tea.PasteMsg:
		if m.idle.Touch(m.env.Now()) {
			return m, nil // like a key: "still here", and nothing pasted
		}
	case tea.MouseClickMsg:
		if m.idle.Touch(m.env.Now()) {
			return m, nil
		}
		if msg.Button != tea.MouseLeft {
			return m, nil
		}
		return m, m.click(msg.X, msg.Y)
	case tea.MouseWheelMsg:
		if m.idle.Touch(m.env.Now()) {
			return m, nil
		}
	}
	return m, m.pages[m.current].update(msg)
}

// globalKey handles the keys that work on every page.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := msg.String()
	switch k {
	case "ctrl+c":
		return tea.Quit, true
	case "f1", "f2", "f3", "f4":
		return m.show(int(k[1] - '1')), true
	case "alt+1", "alt+2", "alt+3", "alt+4":
		return m.show(int(k[4] - '1')), true
	case "ctrl+z", "ctrl+\\":
		return nil, true // nothing to suspend to over SSH
	}
	if m.pages[m.current].typing() {
		return nil, false
	}
	switch k {
	case "1", "2", "3", "4":
		return m.show(int(k[0] - '1')), true
	case "q":
		return tea.Quit, true
	}
	return nil, false
}

// show switches to page i.
func (m *Model) show(i int) tea.Cmd {
	if i == m.current || i < 0 || i >= len(m.pages) {
		return nil
	}
	m.pages[m.current].leave()
	m.current = i
	return m.pages[i].enter()
}

// Body placement: header, tabs and a blank line above; help and status
// bar below.
const (
	bodyTop  = 3
	bodyLeft = 1
	chrome   = bodyTop + 2
)

func (m *Model) bodySize() (int, int) {
	return m.width - 2*bodyLeft, m.height - chrome
}

// click maps a click to a tab or to the item under it.
func (m *Model) click(x, y int) tea.Cmd {
	if y == 1 {
		for i, z := range m.tabZones() {
			if x >= z[0] && x < z[1] {
				return m.show(i)
			}
		}
		return nil
	}
	w, h := m.bodySize()
	l := m.pages[m.current].layout(w, h)
	if id := l.Hit(x-bodyLeft, y-bodyTop); id != "" {
		return m.pages[m.current].click(id)
	}
	return nil
}

// tabLabel is a tab as drawn, before styling.
func tabLabel(i int) string { return fmt.Sprintf(" F%d %s ", i+1, pageNames[i]) }

// tabZones are the columns of each tab, half-open.
func (m *Model) tabZones() [][2]int {
	var zs [][2]int
	x := 1
	for i := range pageNames {
		w := lipgloss.Width(tabLabel(i))
		zs = append(zs, [2]int{x, x + w})
		x += w + 1
	}
	return zs
}

// View draws the console.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Ward Kiosk maintenance"
	return v
}

// Render is the whole frame as text.
func (m *Model) Render() string {
	t := m.env.Theme
	if msg := widget.TooSmall(t, "console", m.width, m.height, MinWidth, MinHeight); msg != "" {
		return msg
	}
	w, h := m.bodySize()
	var body string
	if m.idle.Warning() {
		box := widget.IdleWarning(t, "This session closes", m.idle.SecondsLeft(m.now), m.idle.WarnSeconds())
		body = lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
	} else {
		body = m.pages[m.current].layout(w, h).String()
	}
	lines := strings.Split(body, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	pad := strings.Repeat(" ", bodyLeft)
	var sb strings.Builder
	sb.WriteString(m.header())
	sb.WriteString("\n")
	sb.WriteString(m.tabs())
	sb.WriteString("\n\n")
	for _, l := range lines {
		sb.WriteString(pad + l + "\n")
	}
	sb.WriteString(widget.Help(t, m.width, m.helpKeys()))
	sb.WriteString("\n")
	sb.WriteString(m.statusBar())
	return sb.String()
}

func (m *Model) helpKeys() []widget.Key {
	keys := m.pages[m.current].help()
	return append(keys, widget.Key{Keys: "F1-F4", Does: "pages"}, widget.Key{Keys: "ctrl+c", Does: "quit"})
}

func (m *Model) header() string {
	t := m.env.Theme
	left := "ESR  Ward Kiosk maintenance"
	right := "Maintainer " + clean(m.env.Maintainer)
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(right)-2)
	return t.Header.Width(m.width).MaxWidth(m.width).Render(left + strings.Repeat(" ", gap) + right)
}

func (m *Model) tabs() string {
	t := m.env.Theme
	parts := []string{" "}
	for i := range pageNames {
		st := t.Button
		if i == m.current {
			st = t.ButtonFocused
		}
		parts = append(parts, st.UnsetPadding().Render(tabLabel(i)), " ")
	}
	return lipgloss.NewStyle().MaxWidth(m.width).Render(strings.Join(parts, ""))
}

func (m *Model) statusBar() string {
	t := m.env.Theme
	items := []string{"Kiosk " + clean(m.env.Kiosk), "Key " + cut(clean(m.env.Fingerprint), 19)}
	if m.snap.Err != nil {
		items = append(items, "database unavailable")
	} else if !m.snap.At.IsZero() {
		items = append(items, "updated "+m.snap.At.Local().Format("15:04:05"))
	}
	return widget.StatusBar(t, m.width, items, m.now.Local().Format("Mon 2 Jan 15:04"))
}
