package console

import (
	"strings"

	"charm.land/bubbles/v2/key"
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
	// help is the dialog's keys, for the help line.
	help() []key.Binding
}

// confirmKeys are a yes-or-no question's keys.
type confirmKeys struct{ Yes, No, Switch, Choose key.Binding }

func newConfirmKeys() confirmKeys {
	return confirmKeys{
		Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y/enter", "yes")),
		No:     key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
		Switch: key.NewBinding(key.WithKeys("tab", "shift+tab", "left", "right"), key.WithHelp("tab", "switch")),
		Choose: key.NewBinding(key.WithKeys("enter", "space")),
	}
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
	keys := newConfirmKeys()
	switch {
	case key.Matches(k, keys.Yes):
		return true, c.yes()
	case key.Matches(k, keys.No):
		return true, nil
	case key.Matches(k, keys.Switch):
		c.onNo = !c.onNo
	case key.Matches(k, keys.Choose):
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

func (c *confirm) help() []key.Binding {
	keys := newConfirmKeys()
	return []key.Binding{keys.Yes, keys.No, keys.Switch}
}

// pasteCert takes a certificate pasted as PEM.
type pasteCert struct {
	title  string
	area   textarea.Model
	submit func(pem string) tea.Cmd
}

// maxPaste bounds what may be pasted: a certificate is a few KiB.
const maxPaste = 16 << 10

// pasteKeys are the keys of the paste dialog; the rest are the text
// area's.
type pasteKeys struct{ Enrol, Cancel key.Binding }

func newPasteKeys() pasteKeys {
	return pasteKeys{
		Enrol:  key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "enrol")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

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
		keys := newPasteKeys()
		switch {
		case key.Matches(k, keys.Cancel):
			return true, nil
		case key.Matches(k, keys.Enrol):
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

func (p *pasteCert) help() []key.Binding {
	keys := newPasteKeys()
	return []key.Binding{keys.Enrol, keys.Cancel}
}

// chooseKeys are the keys of a choice among lines.
type chooseKeys struct{ Up, Down, Choose, Cancel key.Binding }

func newChooseKeys() chooseKeys {
	return chooseKeys{
		// The help line says up and down in one entry, Up's.
		Up:     key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑/↓", "choose")),
		Down:   key.NewBinding(key.WithKeys("down", "tab")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "revoke")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
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
	keys := newChooseKeys()
	switch {
	case key.Matches(k, keys.Cancel):
		return true, nil
	case key.Matches(k, keys.Up):
		c.at = (c.at - 1 + len(c.lines)) % len(c.lines)
	case key.Matches(k, keys.Down):
		c.at = (c.at + 1) % len(c.lines)
	case key.Matches(k, keys.Choose):
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

func (c *choose) help() []key.Binding {
	keys := newChooseKeys()
	return []key.Binding{keys.Up, keys.Choose, keys.Cancel}
}
