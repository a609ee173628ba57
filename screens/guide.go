package screens

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/assets"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// guideChrome is the rows a guide takes besides its text: title, gap,
// gap, and the row with Back.
const guideChrome = 4

// guide is a user guide open in the portal: its text in a scrolling
// viewport under a title that stays put, and a Back button. The text is
// wrapped once a width, not once a frame.
type guide struct {
	info  assets.GuideInfo
	body  string         // the Markdown after its title heading
	width int            // the width body was last wrapped to; 0 before the first
	lines []string       // body wrapped to width
	view  viewport.Model // the scroll position and its keys
	back  *widget.Form
	keys  guideKeys
}

// guideKeys are the guide's own keys; the viewport's key map scrolls.
type guideKeys struct {
	Close, Top, Bottom key.Binding
}

// openGuide loads a guide in the language env.Text speaks, with this
// kiosk's own times in place of its {idle}, {warning} and {code}
// placeholders.
func openGuide(env *Env, info assets.GuideInfo) (*guide, error) {
	p := env.Text
	src, err := assets.GuideIn(p.Lang(), info.Name)
	if err != nil {
		return nil, err
	}
	src = strings.NewReplacer("{idle}", p.Duration(orDefault(env.IdleTimeout, 5*time.Minute)),
		"{warning}", p.Duration(orDefault(env.IdleWarning, 30*time.Second)),
		"{code}", p.T(text.DurationMinutes, codeMinutes(env.CodeLifetime))).Replace(src)
	g := &guide{info: info, body: dropTitle(src), view: viewport.New(),
		back: widget.NewForm(p, widget.ButtonItem("back", p.T(text.ButtonBack))),
		keys: guideKeys{
			Close: key.NewBinding(key.WithKeys("esc", "enter"), key.WithHelp("esc", p.T(text.HelpBack))),
			// The help line says home and end in one entry, Top's.
			Top:    key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/end", p.T(text.HelpTopBottom))),
			Bottom: key.NewBinding(key.WithKeys("end", "G")),
		}}
	// Wrapped text never needs sideways scrolling.
	g.view.KeyMap.Left.SetEnabled(false)
	g.view.KeyMap.Right.SetEnabled(false)
	// The help line says up and down, and page up and down, in one entry
	// each: Up's and PageUp's.
	g.view.KeyMap.Up.SetHelp("up/down", p.T(text.HelpScroll))
	g.view.KeyMap.PageUp.SetHelp("pgup/pgdn", p.T(text.HelpPage))
	return g, nil
}

// dropTitle removes a leading "# " heading: the view shows the title
// above the text, where scrolling does not take it away.
func dropTitle(src string) string {
	s := strings.TrimLeft(src, "\r\n")
	if strings.HasPrefix(s, "# ") {
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return s[i+1:]
		}
		return ""
	}
	return src
}

// update scrolls, and reports whether the user asked to go back.
func (g *guide) update(msg tea.Msg) (closed bool) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, g.keys.Close):
			return true
		case key.Matches(msg, g.keys.Top):
			g.view.GotoTop()
			return false
		case key.Matches(msg, g.keys.Bottom):
			g.view.GotoBottom()
			return false
		}
	case tea.MouseWheelMsg:
	default:
		return false
	}
	g.view, _ = g.view.Update(msg)
	return false
}

// click reports whether the click was on Back.
func (g *guide) click(id string) (closed bool) { return g.back.Click(id) == "back" }

// resize wraps the text to width (when it changed) and sizes the
// viewport to the rows the body may use.
func (g *guide) resize(t theme.Theme, width, rows int) {
	if width != g.width {
		g.width = width
		g.lines = renderMarkdown(g.body, width, t)
		g.view.SetWidth(width)
		g.view.SetContentLines(g.lines)
	}
	g.view.SetHeight(max(1, min(rows-guideChrome, g.view.TotalLineCount())))
}

// layout draws the guide in width columns and at most rows rows.
func (g *guide) layout(t theme.Theme, p text.Printer, width, rows int) *widget.Layout {
	g.resize(t, width, rows)
	l := &widget.Layout{}
	l.Add(t.Title.Render(fitLine(p.T(g.info.Title), width)), "")
	l.Gap(1)
	// The lines in view, cut from our own: viewport.View would pad every
	// line through lipgloss, most of a frame's time at 200x60.
	top := min(g.view.YOffset(), len(g.lines))
	l.Add(strings.Join(g.lines[top:min(len(g.lines), top+g.view.Height())], "\n"), "")
	l.Gap(1)
	l.Row(3, widget.Part{Text: g.back.Render("back", t, 0), ID: "back"},
		widget.Part{Text: t.Muted.Render(g.position(p))})
	return l
}

// position says which lines show, so a reader knows there is more.
func (g *guide) position(p text.Printer) string {
	total := g.view.TotalLineCount()
	first := g.view.YOffset() + 1
	last := min(total, g.view.YOffset()+g.view.Height())
	switch {
	case total <= g.view.Height():
		return ""
	case last >= total:
		return p.T(text.GuideLinesEnd, first, last, total)
	}
	return p.T(text.GuideLinesMore, first, last, total)
}

// help lists the guide's keys.
func (g *guide) help() help.KeyMap {
	return widget.Keys{g.view.KeyMap.Up, g.view.KeyMap.PageUp, g.keys.Top, g.keys.Close}
}

// orDefault is d, or def when d is not set.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
