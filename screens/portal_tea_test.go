package screens

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/wardkiosk/kiosk/internal/keypress"
)

// portalHost runs the Portal as a program, as the app does but without
// its frame: it draws the body and records where the portal asked to go.
type portalHost struct {
	portal *Portal
	width  int
	asked  []tea.Msg // Goto and SignOut, in order
}

func (h *portalHost) Init() tea.Cmd { return h.portal.Init() }

func (h *portalHost) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.width = msg.Width
		h.portal.Resize(min(h.width, wideBody), msg.Height-1)
		return h, nil
	case Goto:
		h.asked = append(h.asked, msg)
		return h, nil
	case SignOut:
		h.asked = append(h.asked, msg)
		return h, tea.Quit
	}
	_, cmd := h.portal.Update(msg)
	return h, cmd
}

func (h *portalHost) View() tea.View {
	return tea.NewView(h.portal.Layout(min(h.width, wideBody)).String())
}

// terminal feeds a program's output to an emulated terminal.
type terminal struct {
	t   *testing.T
	tm  *teatest.TestModel
	emu *vt.Emulator
}

func newTerminal(t *testing.T, m tea.Model, w, h int) *terminal {
	t.Helper()
	emu := vt.NewEmulator(w, h)
	// The emulator answers the program's queries on its input; nobody
	// reads those answers here, so drain them or its writes block.
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	t.Cleanup(func() {
		// Ends the copy above: closing the emulator itself races with it.
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return &terminal{t: t, tm: teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h)), emu: emu}
}

// waitFor waits until the emulated screen shows want.
func (term *terminal) waitFor(want string) {
	term.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, err := io.ReadAll(term.tm.Output())
		if err != nil {
			term.t.Fatal(err)
		}
		// A terminal's line discipline turns the program's "\n" into
		// "\r\n" (onlcr); the emulator sees what a tty would pass on.
		_, _ = term.emu.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
		screen := term.emu.String()
		if strings.Contains(screen, want) {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %q:\n%s", want, screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (term *terminal) press(keys ...string) {
	for _, k := range keys {
		term.tm.Send(keypress.Msg(k))
	}
}

func TestPortalInATerminal(t *testing.T) {
	host := &portalHost{portal: NewPortal(testPortalEnv(), testSession())}
	term := newTerminal(t, host, 72, 18)
	term.waitFor("Welcome, Jane Smith")
	term.waitFor("Last sign-in      Today at 09:12 on terminal WARD7-T2")

	// The first guide opens on Enter and scrolls to its end.
	term.press("enter")
	term.waitFor("This kiosk is how you sign in to ESR Employee Self Service")
	term.waitFor("Lines 1-13 of")
	term.press("end")
	term.waitFor("(end)")
	term.waitFor("Still stuck? Contact your IT service desk.")

	// Esc comes back with focus on that guide: Tab goes to the second.
	term.press("esc")
	term.waitFor("User guides")
	term.press("tab", "enter")
	term.waitFor("You can use ESR Employee Self Service away from the ward")
	term.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	term.waitFor("Lines 4-16 of")
	term.press("esc")

	// On to Log out, which signs out.
	term.press("tab", "tab", "tab", "tab", "enter")
	final := term.tm.FinalModel(t, teatest.WithFinalTimeout(3*time.Second)).(*portalHost)
	if len(final.asked) != 1 || final.asked[0] != (SignOut{}) {
		t.Errorf("the portal asked for %#v, want one SignOut", final.asked)
	}
}
