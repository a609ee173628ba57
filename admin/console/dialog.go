package console

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// dialog is a modal question over a page: while one is open it takes
// every key.
type dialog interface {
	// update handles a message; done closes the dialog.
	update(msg tea.Msg) (done bool, cmd tea.Cmd)
	view(t theme.Theme, width int) string
	help() []widget.Key
}

// confirm asks yes or no before an action.
type confirm struct {
	question string
	yes      func() tea.Cmd
	onNo     bool // focus is on No
}

func (c *confirm) update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	switch k.String() {
	case "y", "Y":
		return true, c.yes()
	case "n", "N", "esc":
		return true, nil
	case "tab", "shift+tab", "left", "right":
		c.onNo = !c.onNo
	case "enter", "space":
		if c.onNo {
			return true, nil
		}
		return true, c.yes()
	}
	return false, nil
}

func (c *confirm) view(t theme.Theme, width int) string {
	buttons := widget.Button(t, "Yes", !c.onNo) + "   " + widget.Button(t, "No", c.onNo)
	return t.Modal.Width(min(width, 64)).Render(c.question + "\n\n" + buttons)
}

func (c *confirm) help() []widget.Key {
	return []widget.Key{{Keys: "y/enter", Does: "yes"}, {Keys: "n/esc", Does: "no"}, {Keys: "tab", Does: "switch"}}
}

// pasteCert takes a certificate pasted as PEM.
type pasteCert struct {
	title  string
	area   textarea.Model
	submit func(pem string) tea.Cmd
}

// maxPaste bounds what may be pasted: a certificate is a few KiB.
const maxPaste = 16 << 10

func newPasteCert(title string, submit func(string) tea.Cmd) *pasteCert {
	a := textarea.New()
	a.Placeholder = "-----BEGIN CERTIFICATE-----"
	a.CharLimit = maxPaste
	a.MaxHeight = 400
	a.ShowLineNumbers = false
	a.SetWidth(66)
	a.SetHeight(8)
	a.Focus()
	return &pasteCert{title: title, area: a, submit: submit}
}

func (p *pasteCert) update(msg tea.Msg) (bool, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return true, nil
		case "ctrl+s":
			return true, p.submit(p.area.Value())
		}
	}
	var cmd tea.Cmd
	p.area, cmd = p.area.Update(msg)
	return false, cmd
}

func (p *pasteCert) view(t theme.Theme, width int) string {
	p.area.SetWidth(min(66, width-8))
	body := p.title + "\n" + t.Muted.Render("Paste the card's certificate (PEM), then press ctrl+s.") + "\n\n" + p.area.View()
	return t.Modal.Padding(0, 1).Render(body)
}

func (p *pasteCert) help() []widget.Key {
	return []widget.Key{{Keys: "ctrl+s", Does: "enrol"}, {Keys: "esc", Does: "cancel"}}
}

// choose picks one of a few lines, such as a card to revoke.
type choose struct {
	title  string
	lines  []string
	at     int
	chosen func(i int) tea.Cmd
}

func (c *choose) update(msg tea.Msg) (bool, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	switch k.String() {
	case "esc":
		return true, nil
	case "up", "shift+tab":
		c.at = (c.at - 1 + len(c.lines)) % len(c.lines)
	case "down", "tab":
		c.at = (c.at + 1) % len(c.lines)
	case "enter":
		return true, c.chosen(c.at)
	}
	return false, nil
}

func (c *choose) view(t theme.Theme, width int) string {
	var sb strings.Builder
	sb.WriteString(c.title + "\n\n")
	for i, l := range c.lines {
		l = cell(l, min(60, width-8))
		if i == c.at {
			sb.WriteString(t.ButtonFocused.Render("> " + l))
		} else {
			sb.WriteString(t.Text.Render("  " + l))
		}
		sb.WriteString("\n")
	}
	return t.Modal.Render(strings.TrimRight(sb.String(), "\n"))
}

func (c *choose) help() []widget.Key {
	return []widget.Key{{Keys: "↑/↓", Does: "choose"}, {Keys: "enter", Does: "revoke"}, {Keys: "esc", Does: "cancel"}}
}
