package console

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/idle"
	"github.com/wardkiosk/kiosk/ui/theme"
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
// layout, whose layers name the items a click lands on.
type page interface {
	// enter is called when the page is shown.
	enter() tea.Cmd
	// leave is called when another page is shown: typed secrets go.
	leave()
	update(msg tea.Msg) tea.Cmd
	layout(width, height int) *widget.Layout
	click(id string) tea.Cmd
	// help is the page's keys, for the help line.
	help() []key.Binding
	// typing reports that keys are text for a field or a dialog, so the
	// console's one-key shortcuts (1-4, q) do not apply.
	typing() bool
	setSnapshot(s Snapshot)
}

// formUpdate gives msg to a page's form; an item that Enter activated goes
// on to activate.
func formUpdate(f *widget.Form, msg tea.Msg, activate func(id string) tea.Cmd) tea.Cmd {
	id, cmd := f.Update(msg)
	if id != "" {
		return tea.Batch(cmd, activate(id))
	}
	return cmd
}

// formClick focuses the form's item clicked, or activates it.
func formClick(f *widget.Form, id string, activate func(id string) tea.Cmd) tea.Cmd {
	if act := f.Click(id); act != "" {
		return activate(act)
	}
	return nil
}

// addOutcome adds the line a page says of what it did: in red when it
// failed, nothing when it has nothing to say.
func addOutcome(l *widget.Layout, t theme.Theme, words string, failed bool, width int) {
	switch {
	case words == "":
	case failed:
		l.Add(t.Error.Render(cut(words, width)), "")
	default:
		l.Add(t.Success.Render(cut(words, width)), "")
	}
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
	names         []string // the pages' names, in tab order
	current       int
	width, height int
	snap          Snapshot
	now           time.Time
	idle          idle.Timer // touched by every key, click, paste and scroll
	fetched       time.Time  // last snapshot asked for
	fetching      bool
	goodbye       string
	help          help.Model // the help line, drawn from the key bindings
}

// consoleKeys are the keys that work on every page.
type consoleKeys struct {
	// Quit closes the console: ctrl+c, and q where keys are not text.
	Quit key.Binding
	// Pages shows a page: F1-F4 and alt+1-4, and 1-4 where keys are not
	// text. The page is the key's last character.
	Pages key.Binding
	// Suspend does nothing: there is nothing to suspend to over SSH.
	Suspend key.Binding
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
		idle: idle.New(env.IdleTimeout, idleWarning, now), help: widget.NewHelp(env.Theme)}
	m.help.SetWidth(m.width)
	if env.Feed != nil && env.Feed.Client() {
		// A client kiosk has only its own state to show.
		m.pages, m.names = []page{newLocalPage(env)}, []string{"This terminal"}
	} else {
		m.pages, m.names = []page{newDashboard(env), newUsers(env), newPolicyPage(env), newAuditPage(env)}, pageNames
	}
	return m
}

// Goodbye is why the console closed, to say once it has, or "".
func (m *Model) Goodbye() string { return m.goodbye }

// Page is the name of the page showing.
func (m *Model) Page() string { return m.names[m.current] }

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
		m.help.SetWidth(msg.Width)
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
		return m, nil // the view's OnMouse sends it again as a widget.Click
	case widget.Click:
		if m.idle.Touch(m.env.Now()) {
			return m, nil
		}
		if msg.Button != tea.MouseLeft {
			return m, nil
		}
		return m, m.click(msg.ID)
	case tea.MouseWheelMsg:
		if m.idle.Touch(m.env.Now()) {
			return m, nil
		}
	}
	return m, m.pages[m.current].update(msg)
}

// keys are the console's own keys on the page showing: where keys are
// text for a field or a dialog, q and 1-4 are text too, and the help line
// says ctrl+c.
func (m *Model) keys() consoleKeys {
	k := consoleKeys{
		Quit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Pages:   key.NewBinding(key.WithKeys("f1", "f2", "f3", "f4", "alt+1", "alt+2", "alt+3", "alt+4"), key.WithHelp("F1-F4", "pages")),
		Suspend: key.NewBinding(key.WithKeys("ctrl+z", "ctrl+\\")),
	}
	if len(m.pages) == 1 {
		k.Pages.SetEnabled(false) // a client kiosk's console has one page
	}
	if !m.pages[m.current].typing() {
		k.Quit.SetKeys("ctrl+c", "q")
		k.Quit.SetHelp("q", "quit")
		k.Pages.SetKeys(append(k.Pages.Keys(), "1", "2", "3", "4")...)
	}
	return k
}

// globalKey handles the keys that work on every page.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	keys := m.keys()
	switch {
	case key.Matches(msg, keys.Quit):
		return tea.Quit, true
	case key.Matches(msg, keys.Pages):
		k := msg.String()
		return m.show(int(k[len(k)-1] - '1')), true
	case key.Matches(msg, keys.Suspend):
		return nil, true
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

// tabID is the id of tab i's layer; no page names an item so.
func tabID(i int) string { return "tab:" + strconv.Itoa(i) }

// click shows the page of a tab, or gives the page the item clicked.
func (m *Model) click(id string) tea.Cmd {
	if n, ok := strings.CutPrefix(id, "tab:"); ok {
		i, _ := strconv.Atoi(n)
		return m.show(i)
	}
	if id == "" {
		return nil
	}
	return m.pages[m.current].click(id)
}

// tabLabel is a tab as drawn, before styling.
func tabLabel(i int, name string) string { return fmt.Sprintf(" F%d %s ", i+1, name) }

// View draws the console. A click comes back as a widget.Click naming the
// tab or item under it, found among the layers of the frame it was on.
func (m *Model) View() tea.View {
	frame, layers := m.frame()
	v := tea.NewView(frame)
	v.OnMouse = widget.OnClick(layers)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "Ward Kiosk maintenance"
	return v
}

// Render is the whole frame as text.
func (m *Model) Render() string {
	frame, _ := m.frame()
	return frame
}

// frame is the whole frame as text, and its clickable layers: the tabs
// and the page's items.
func (m *Model) frame() (string, func() []*lipgloss.Layer) {
	t := m.env.Theme
	if msg := widget.TooSmall(t, english(), text.TooSmallConsole, m.width, m.height, MinWidth, MinHeight); msg != "" {
		return msg, func() []*lipgloss.Layer { return nil }
	}
	w, h := m.bodySize()
	var body string
	var page *widget.Layout
	if m.idle.Warning() {
		box := widget.IdleWarning(t, english(), text.IdleConsole, m.idle.SecondsLeft(m.now), m.idle.WarnSeconds())
		body = lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
	} else {
		page = m.pages[m.current].layout(w, h)
		body = page.String()
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
	tabs, tabLayers := m.tabs()
	sb.WriteString(m.header())
	sb.WriteString("\n")
	sb.WriteString(tabs)
	sb.WriteString("\n\n")
	for _, l := range lines {
		sb.WriteString(pad + l + "\n")
	}
	sb.WriteString(m.help.View(m.helpKeys()))
	sb.WriteString("\n")
	sb.WriteString(m.statusBar())
	return sb.String(), func() []*lipgloss.Layer {
		if page == nil {
			return nil // the warning: a click only dismisses it
		}
		return append(tabLayers(), page.Layers(bodyLeft, bodyTop)...)
	}
}

// helpKeys is the help line's key map: the page's keys, then the
// console's own.
func (m *Model) helpKeys() help.KeyMap {
	k := m.keys()
	return widget.Keys(append(m.pages[m.current].help(), k.Pages, k.Quit))
}

func (m *Model) header() string {
	t := m.env.Theme
	left := "ESR  Ward Kiosk maintenance"
	right := "Maintainer " + clean(m.env.Maintainer)
	gap := max(1, m.width-lipgloss.Width(left)-lipgloss.Width(right)-2)
	return t.Header.Width(m.width).MaxWidth(m.width).Render(left + strings.Repeat(" ", gap) + right)
}

// tabs draws the tab row, and makes the tabs' layers when asked: each
// lies where it is drawn, on row 1.
func (m *Model) tabs() (string, func() []*lipgloss.Layer) {
	t := m.env.Theme
	parts := []string{" "}
	for i, name := range m.names {
		st := t.Button
		if i == m.current {
			st = t.ButtonFocused
		}
		parts = append(parts, st.UnsetPadding().Render(tabLabel(i, name)), " ")
	}
	return lipgloss.NewStyle().MaxWidth(m.width).Render(strings.Join(parts, "")), func() []*lipgloss.Layer {
		var layers []*lipgloss.Layer
		x := lipgloss.Width(parts[0])
		for i := range m.names {
			tab := parts[1+2*i]
			layers = append(layers, lipgloss.NewLayer(tab).ID(tabID(i)).X(x).Y(1))
			x += lipgloss.Width(tab) + lipgloss.Width(parts[2+2*i])
		}
		return layers
	}
}

func (m *Model) statusBar() string {
	t := m.env.Theme
	items := []string{"Kiosk " + clean(m.env.Kiosk), "Key " + cut(clean(m.env.Fingerprint), 19)}
	switch {
	case m.snap.Local != nil && !m.snap.Local.Online:
		items = append(items, "service unreachable")
	case m.snap.Err != nil:
		items = append(items, "database unavailable")
	case !m.snap.At.IsZero():
		items = append(items, "updated "+m.snap.At.Local().Format("15:04:05"))
	}
	return widget.StatusBar(t, m.width, items, english().Clock(m.now.Local()))
}
