package console

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/internal/teamsg"
)

// newModel is the console at w x h with a first snapshot.
func newModel(t *testing.T, f *fixture, w, h int) *Model {
	t.Helper()
	env := f.env(f.ctx)
	m := New(env)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.Update(refreshed(env.Feed.Get(f.ctx)))
	return m
}

// helpLine is the frame's help line, the row above the status bar.
func helpLine(m *Model) string {
	rows := strings.Split(ansi.Strip(m.Render()), "\n")
	return strings.TrimSpace(rows[len(rows)-2])
}

// The help line is drawn from the key bindings of the page and the
// console: it says the keys that work there, q and 1-4 only where keys
// are not text, and "show password" only where a password field is.
func TestHelpLineSaysThePagesKeys(t *testing.T) {
	f := newFixture(t)
	const global = "F1-F4 pages   ctrl+c quit"
	tests := []struct {
		name  string
		setup func(m *Model)
		want  string
	}{
		{"dashboard", func(*Model) {}, "F1-F4 pages   q quit"},
		{"users, searching", func(m *Model) { m.show(1) }, "↑/↓ choose   tab next   enter do   esc clear   " + global},
		{"users, on a button", func(m *Model) {
			m.show(1)
			m.Update(keypress.Msg("tab"))
		}, "↑/↓ choose   tab next   enter do   esc clear   F1-F4 pages   q quit"},
		{"users, asked to confirm", func(m *Model) {
			m.show(1)
			m.Update(keypress.Msg("tab"))
			m.Update(keypress.Msg("enter"))
		}, "y/enter yes   n/esc no   tab switch   " + global},
		{"policy", func(m *Model) { m.show(2) }, "tab next   enter do   esc clear   " + global},
		{"policy, on the test password", func(m *Model) {
			m.show(2)
			m.pages[2].(*policyPage).form.FocusID("password")
		}, "tab next   enter do   ctrl+r show password   esc clear   " + global},
		{"audit", func(m *Model) { m.show(3) }, "tab next   enter search   pgup/pgdn scroll   esc clear   " + global},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, f, 120, 30)
			tt.setup(m)
			if got := helpLine(m); got != tt.want {
				t.Errorf("the help line is %q, want %q", got, tt.want)
			}
		})
	}
}

// q quits and 1-4 show pages only where the help line says so: not while
// typing in a field.
func TestQuitAndDigitsFollowTheHelpLine(t *testing.T) {
	f := newFixture(t)
	m := newModel(t, f, 120, 30)
	m.show(1) // focus on the search field
	// A quit, suspend or interrupt, alone or in a batch or a sequence.
	if _, cmd := m.Update(keypress.Msg("q")); teamsg.Ends(cmd) {
		t.Fatal("q typed in the search field quits")
	}
	m.Update(keypress.Msg("3"))
	if m.Page() != "Users" {
		t.Fatalf("3 typed in the search field shows %s", m.Page())
	}
	m.Update(keypress.Msg("esc"))
	m.Update(keypress.Msg("tab")) // on to a button: keys are keys again
	m.Update(keypress.Msg("3"))
	if m.Page() != "Policy" {
		t.Fatalf("3 on a button shows %s", m.Page())
	}
}

// consoleClickables are an item on every page and what a click on it
// brings to the screen.
var consoleClickables = []struct {
	page       string // its key
	shown      string // what shows the page is there
	text, then string
}{
	{"f1", "Latest audit events", "F2 Users", "1 of 1 accounts"},
	{"f2", "1 of 1 accounts", "F3 Policy", "Forbidden words"},
	{"f2", "1 of 1 accounts", "< Lock >", "Lock 382JSMITH01 (Jane Smith) until"},
	{"f3", "Forbidden words", "< Check >", "Type a password to test."},
	{"f3", "Forbidden words", "F4 Audit", "Verify chain"},
	{"f4", "< Verify chain >", "< Verify chain >", "Chain intact"},
	{"f4", "< Verify chain >", "F1 Dashboard", "Latest audit events"},
}

// A click on a tab or a button, where the emulated screen shows it,
// activates it.
func TestClickActivatesWhatIsUnderIt(t *testing.T) {
	f := newFixture(t)
	for _, tt := range consoleClickables {
		t.Run(tt.page+" "+tt.text, func(t *testing.T) {
			tm := f.open(f.ctx, 120, 30)
			defer tm.quit()
			tm.waitFor("Latest audit events")
			tm.press(tt.page)
			if s := tm.waitFor(tt.shown); strings.Contains(s, tt.then) {
				t.Fatalf("%q shows before the click:\n%s", tt.then, s)
			}
			tm.clickText(tt.text)
			tm.waitFor(tt.then)
		})
	}
}

// clickText clicks the middle of the first place the screen shows s.
func (tm *term) clickText(s string) {
	tm.t.Helper()
	screen := tm.waitFor(s)
	for y, line := range strings.Split(screen, "\n") {
		if i := strings.Index(line, s); i >= 0 {
			x := len([]rune(line[:i])) + len([]rune(s))/2
			tm.tm.Send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
			return
		}
	}
}

// A click where nothing is drawn does nothing: blank rows, the cell past
// a button, the header, the gap between tabs and the help line.
func TestClickOnEmptySpaceDoesNothing(t *testing.T) {
	f := newFixture(t)
	for i, name := range pageNames {
		t.Run(name, func(t *testing.T) {
			m := newModel(t, f, 120, 30)
			m.show(i)
			before := ansi.Strip(m.Render())
			rows := strings.Split(before, "\n")
			spots := [][2]int{{60, 0}, {119, 1}, {2, len(rows) - 2}}
			for y := bodyTop; y < len(rows)-2; y++ {
				if strings.TrimSpace(rows[y]) == "" {
					spots = append(spots, [2]int{60, y})
				}
			}
			for y, row := range rows {
				if x := strings.Index(row, " >"); x >= 0 && y > 1 {
					rs := []rune(row)
					past := len([]rune(row[:x])) + 3 // past the button's padding
					if past < len(rs) && rs[past] == ' ' {
						spots = append(spots, [2]int{past, y})
					}
				}
			}
			for _, at := range spots {
				click(t, m, at[0], at[1])
			}
			if after := ansi.Strip(m.Render()); after != before {
				t.Fatalf("clicks on empty space changed the frame from\n%s\nto\n%s", before, after)
			}
		})
	}
}
