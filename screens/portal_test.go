package screens

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/assets"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
	"github.com/wardkiosk/kiosk/ui/widget"
)

// Body widths the app gives a screen: at the smallest terminal (72
// columns less the box) and at 80 columns and more (the box's most).
const (
	narrowBody = 64
	wideBody   = 68
)

// en is the catalogue's English, which the tests' screens speak.
var en = text.For(text.English)

// The clock of these tests: Friday 14 March 2025, 10:00 on the kiosk.
var testNow = time.Date(2025, 3, 14, 10, 0, 0, 0, time.Local)

func testPortalEnv() *Env {
	return &Env{Theme: theme.New(theme.Default, theme.Unicode, false), Text: en, Terminal: "WARD7-T1",
		Now: func() time.Time { return testNow }}
}

func testSession() auth.Session {
	return auth.Session{
		User: auth.User{Username: "382JSMITH01", FirstName: "Jane", LastName: "Smith",
			Role: "Staff Nurse", Ward: "Ward 7 (Acute Medicine)"},
		Terminal: "WARD7-T1", Method: "password", At: testNow,
		PreviousAt: testNow.Add(-48 * time.Minute), PreviousTerminal: "WARD7-T2",
	}
}

// screenText is what the portal draws at width, without styling.
func screenText(t testing.TB, p *Portal, width int) string {
	t.Helper()
	return ansi.Strip(p.Layout(width).String())
}

// button is a button's text as drawn.
func button(label string) string {
	return ansi.Strip(widget.Button(theme.New(theme.Default, theme.Unicode, false), label, false))
}

func mustGuide(t testing.TB, name string) string {
	t.Helper()
	src, err := assets.Guide(name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// press sends keys and returns the message of the last command, if any.
func press(t testing.TB, p *Portal, keys ...string) tea.Msg {
	t.Helper()
	var msg tea.Msg
	for _, k := range keys {
		scr, cmd := p.Update(keypress.Msg(k))
		if scr != Screen(p) {
			t.Fatalf("key %q changed the screen to %T", k, scr)
		}
		msg = nil
		if cmd != nil {
			msg = cmd()
		}
	}
	return msg
}

func TestPortalShowsTheUser(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	for _, width := range []int{narrowBody, wideBody} {
		got := screenText(t, p, width)
		flat := strings.Join(strings.Fields(got), " ") // a sentence wrapped over lines
		for _, want := range []string{
			"Welcome, Jane Smith",
			"Username          382JSMITH01",
			"Role              Staff Nurse",
			"Ward              Ward 7 (Acute Medicine)",
			"Last sign-in      Today at 09:12 on terminal WARD7-T2",
			en.T(text.PortalNotYou),
			en.T(text.PortalGuides),
			"Accessing ESR on a Trust computer",
			"Accessing ESR from other devices",
			"Booking onto a class",
			"Searching e-learning courses",
			button("Change password") + "   " + button("Log out"),
		} {
			if !strings.Contains(got, want) && !strings.Contains(flat, want) {
				t.Errorf("width %d: portal lacks %q:\n%s", width, want, got)
			}
		}
		// The guides in DESIGN's order, then the buttons.
		last := -1
		for _, want := range []string{"on a Trust computer", "from other devices", "onto a class", "e-learning courses", "Change password"} {
			i := strings.Index(got, want)
			if i < last {
				t.Errorf("%q is out of order:\n%s", want, got)
			}
			last = i
		}
	}
}

func TestPortalFirstSignIn(t *testing.T) {
	sess := testSession()
	sess.PreviousAt, sess.PreviousTerminal = time.Time{}, ""
	got := screenText(t, NewPortal(testPortalEnv(), sess), wideBody)
	if !strings.Contains(got, "Last sign-in      "+en.T(text.PortalFirstSignIn)) {
		t.Errorf("first sign-in not said:\n%s", got)
	}
	if strings.Contains(got, "was not you") || strings.Contains(got, "terminal") {
		t.Errorf("first sign-in shows a previous one:\n%s", got)
	}
}

func TestPortalMissingDetails(t *testing.T) {
	sess := testSession()
	sess.User.Role, sess.User.Ward, sess.PreviousTerminal = "", "", ""
	got := screenText(t, NewPortal(testPortalEnv(), sess), wideBody)
	for _, want := range []string{"Role              " + en.T(text.PortalNotRecorded), "Ward              " + en.T(text.PortalNotRecorded), "Last sign-in      Today at 09:12\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("portal lacks %q:\n%s", want, got)
		}
	}
}

func TestSignInTime(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{testNow.Add(-48 * time.Minute), "Today at 09:12"},
		{time.Date(2025, 3, 14, 0, 0, 0, 0, time.Local), "Today at 00:00"},
		{time.Date(2025, 3, 13, 23, 59, 0, 0, time.Local), "Yesterday at 23:59"},
		{time.Date(2025, 3, 13, 0, 0, 0, 0, time.Local), "Yesterday at 00:00"},
		{time.Date(2025, 3, 12, 23, 59, 0, 0, time.Local), "Wed 12 Mar 2025 at 23:59"},
		{time.Date(2024, 12, 25, 7, 5, 0, 0, time.Local), "Wed 25 Dec 2024 at 07:05"},
		{time.Date(2025, 3, 15, 8, 0, 0, 0, time.Local), "Sat 15 Mar 2025 at 08:00"}, // a clock put back
	} {
		when, whenOn := signInTime(en, tc.at, testNow, "WARD7-T2")
		if when != tc.want || whenOn != tc.want+" on terminal WARD7-T2" {
			t.Errorf("signInTime(%v) = %q, %q, want %q and the same on the terminal", tc.at, when, whenOn, tc.want)
		}
		if when, whenOn := signInTime(en, tc.at, testNow, ""); when != tc.want || whenOn != "" {
			t.Errorf("signInTime(%v) with no terminal = %q, %q", tc.at, when, whenOn)
		}
	}
}

func TestPortalFocusOrder(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	want := []string{"guide:trust-computer", "guide:other-devices", "guide:booking-a-class", "guide:e-learning", "change", "logout"}
	for i, id := range want {
		if got := p.form.FocusedID(); got != id {
			t.Fatalf("after %d tabs focus is on %q, want %q", i, got, id)
		}
		press(t, p, "tab")
	}
	if got := p.form.FocusedID(); got != want[0] {
		t.Errorf("tab from Log out goes to %q, want the first guide", got)
	}
	press(t, p, "shift+tab")
	if got := p.form.FocusedID(); got != "logout" {
		t.Errorf("shift+tab from the first guide goes to %q, want logout", got)
	}
	// The focused item is the one drawn focused.
	th := p.env.Theme
	if out := p.Layout(wideBody).String(); !strings.Contains(out, widget.Button(th, "Log out", true)) {
		t.Errorf("Log out not drawn focused:\n%q", out)
	}
}

func TestPortalButtons(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	if msg := press(t, p, "tab", "tab", "tab", "tab", "enter"); msg != (Goto{To: ChangePasswordScreen}) {
		t.Errorf("Change password sends %#v", msg)
	}
	if msg := press(t, p, "tab", "enter"); msg != (SignOut{}) {
		t.Errorf("Log out sends %#v", msg)
	}
	if _, cmd := NewPortal(testPortalEnv(), testSession()).Click("logout"); cmd == nil || cmd() != (SignOut{}) {
		t.Error("a click on Log out does not sign out")
	}
	if _, cmd := NewPortal(testPortalEnv(), testSession()).Click("change"); cmd == nil || cmd() != (Goto{To: ChangePasswordScreen}) {
		t.Error("a click on Change password does not go there")
	}
}

func TestPortalEscDoesNothing(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	press(t, p, "tab")
	before := screenText(t, p, wideBody)
	if msg := press(t, p, "esc"); msg != nil {
		t.Errorf("esc on the portal sends %#v", msg)
	}
	if p.Reading() != "" || p.form.FocusedID() != "guide:other-devices" || screenText(t, p, wideBody) != before {
		t.Error("esc on the portal changed it")
	}
}

func TestPortalReadsEveryGuide(t *testing.T) {
	for i, info := range assets.GuideList() {
		t.Run(info.Name, func(t *testing.T) {
			p := NewPortal(testPortalEnv(), testSession())
			for range i {
				press(t, p, "tab")
			}
			if msg := press(t, p, "enter"); msg != nil {
				t.Errorf("opening a guide sends %#v", msg)
			}
			if p.Reading() != info.Name {
				t.Fatalf("reading %q, want %q", p.Reading(), info.Name)
			}
			got := screenText(t, p, wideBody)
			// The title, then the first words of the guide's text.
			body := strings.Fields(dropTitle(mustGuide(t, info.Name)))
			first := strings.Join(body[:4], " ")
			if !strings.HasPrefix(got, en.T(info.Title)+"\n\n"+first) {
				t.Errorf("guide view does not open with its title and text %q:\n%s", first, got)
			}
			if !strings.Contains(got, button("Back")) || strings.Contains(got, "Welcome") {
				t.Errorf("guide view is not on its own:\n%s", got)
			}
			if k := p.Help().ShortHelp(); len(k) == 0 || k[len(k)-1].Help().Key != "esc" {
				t.Errorf("guide help = %v", k)
			}
			press(t, p, "esc")
			if p.Reading() != "" || p.form.FocusedID() != guideID(info.Name) {
				t.Errorf("esc leaves reading %q, focus on %q", p.Reading(), p.form.FocusedID())
			}
			if !strings.Contains(screenText(t, p, wideBody), "Welcome, Jane Smith") {
				t.Error("esc does not return to the portal")
			}
		})
	}
}

func TestGuideScrolls(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	press(t, p, "enter")
	lines := func() string { return screenText(t, p, narrowBody) }
	top := lines()
	if !strings.Contains(top, "Lines 1-13 of ") || !strings.Contains(top, "down for more") {
		t.Fatalf("the guide does not say there is more:\n%s", top)
	}
	end := "Nobody from the Trust will ever ask you for your password."
	if strings.Contains(strings.Join(strings.Fields(top), " "), end) {
		t.Fatal("the whole guide fits: nothing to scroll")
	}
	offset := func() int { return p.open.view.YOffset() }
	steps := []struct {
		do   tea.Msg
		want func(before int) bool
	}{
		{keypress.Msg("down"), func(b int) bool { return offset() == b+1 }},
		{keypress.Msg("j"), func(b int) bool { return offset() == b+1 }},
		{keypress.Msg("up"), func(b int) bool { return offset() == b-1 }},
		{keypress.Msg("pgdown"), func(b int) bool { return offset() == b+13 }},
		{keypress.Msg("space"), func(b int) bool { return offset() == b+13 }},
		{keypress.Msg("pgup"), func(b int) bool { return offset() == b-13 }},
		{tea.MouseWheelMsg{Button: tea.MouseWheelDown}, func(b int) bool { return offset() == b+3 }},
		{tea.MouseWheelMsg{Button: tea.MouseWheelUp}, func(b int) bool { return offset() == b-3 }},
		{keypress.Msg("end"), func(int) bool {
			return strings.Contains(strings.Join(strings.Fields(lines()), " "), end) && strings.Contains(lines(), "(end)")
		}},
		{keypress.Msg("home"), func(int) bool { return lines() == top }},
	}
	for _, s := range steps {
		before := offset()
		p.Update(s.do)
		if !s.want(before) {
			t.Errorf("after %v the offset is %d (was %d):\n%s", s.do, offset(), before, lines())
		}
	}
}

func TestGuideClicks(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	p.Click("guide:booking-a-class")
	if p.Reading() != "booking-a-class" {
		t.Fatalf("a click on a guide opens %q", p.Reading())
	}
	comp := lipgloss.NewCompositor(p.Layout(wideBody).Layers(0, 0)...)
	if comp.GetLayer("back") == nil {
		t.Fatal("Back has no layer to click")
	}
	p.Click("nothing")
	if p.Reading() == "" {
		t.Fatal("a click elsewhere closes the guide")
	}
	p.Click("back")
	if p.Reading() != "" || p.form.FocusedID() != "guide:booking-a-class" {
		t.Errorf("Back leaves reading %q with focus on %q", p.Reading(), p.form.FocusedID())
	}
	// A click on a guide's link, found by where it is drawn.
	raw := ansi.Strip(p.Layout(wideBody).String())
	comp = lipgloss.NewCompositor(p.Layout(wideBody).Layers(0, 0)...)
	hit := false
	for y, line := range strings.Split(raw, "\n") {
		if x := strings.Index(line, "Searching e-learning courses"); x >= 0 {
			hit = true
			if id := comp.Hit(ansi.StringWidth(line[:x])+3, y).ID(); id != "guide:e-learning" {
				t.Fatalf("a click on the link hits %q", id)
			}
		}
	}
	if !hit {
		t.Fatalf("no e-learning link drawn:\n%s", raw)
	}
	if k := p.Help().ShortHelp(); k[0].Help().Key != "tab" {
		t.Errorf("portal help = %v", k)
	}
}

func TestPortalFits(t *testing.T) {
	long := auth.Session{User: auth.User{Username: strings.Repeat("U", 120), FirstName: strings.Repeat("Bartholomew", 8),
		LastName: strings.Repeat("Featherstonehaugh", 5), Role: strings.Repeat("Senior ", 30), Ward: strings.Repeat("W", 300)},
		PreviousAt: testNow.AddDate(0, -2, 0), PreviousTerminal: strings.Repeat("T", 90)}
	for _, sess := range []auth.Session{testSession(), long} {
		for _, width := range []int{narrowBody, wideBody} {
			p := NewPortal(testPortalEnv(), sess)
			checkFits(t, "portal", p, width, minBodyRows)
			for i := range p.guides {
				p.Update(keypress.Msg("enter"))
				checkFits(t, p.Reading(), p, width, minBodyRows)
				p.Resize(width, 60-5)
				checkFits(t, p.Reading()+" tall", p, width, 55)
				p.Resize(width, minBodyRows)
				p.Update(keypress.Msg("esc"))
				if i < len(p.guides)-1 {
					p.Update(keypress.Msg("tab"))
				}
			}
		}
	}
}

func checkFits(t *testing.T, what string, p *Portal, width, rows int) {
	t.Helper()
	w, h := p.Layout(width).Size()
	if w > width || h > rows {
		t.Errorf("%s at width %d is %dx%d, more than %dx%d:\n%s", what, width, w, h, width, rows, screenText(t, p, width))
	}
}

func TestPortalTallGuideShowsMore(t *testing.T) {
	p := NewPortal(testPortalEnv(), testSession())
	p.Resize(wideBody, 55)
	p.Update(keypress.Msg("enter"))
	got := screenText(t, p, wideBody)
	if !strings.Contains(got, "Lines 1-51 of") {
		t.Errorf("a tall body does not show more of the guide:\n%s", got)
	}
	// A short guide takes only the rows it needs.
	p.Update(keypress.Msg("esc"))
	p.Update(keypress.Msg("tab"))
	p.Update(keypress.Msg("tab"))
	p.Update(keypress.Msg("enter"))
	p.Resize(wideBody, 200)
	_, h := p.Layout(wideBody).Size()
	if n := p.open.view.TotalLineCount(); h != n+guideChrome {
		t.Errorf("a guide of %d lines is drawn %d high", n, h)
	}
}

func TestPortalSanitises(t *testing.T) {
	sess := testSession()
	sess.User.FirstName = "Jane\x1b[2J"
	sess.User.LastName = "Smith\x1b]0;owned\x07"
	sess.User.Username = "382\x1b[31mJSMITH01"
	sess.User.Role = "Nurse\r\nRole: Admin"
	sess.User.Ward = "Ward\u202e7"
	sess.PreviousTerminal = "T2\x1b[H\x9b2J"
	p := NewPortal(testPortalEnv(), sess)
	raw := p.Layout(wideBody).String()
	for _, bad := range []string{"\x1b[2J", "\x1b]", "\x07", "\x1b[31m", "\r", "\u202e", "\x1b[H", "\x9b"} {
		if strings.Contains(raw, bad) {
			t.Errorf("the portal draws %q:\n%q", bad, raw)
		}
	}
	got := ansi.Strip(raw)
	for _, want := range []string{"Welcome, Jane[2J Smith]0;owned", "382[31mJSMITH01", "Nurse  Role: Admin", "Ward7", "on terminal T2[H2J"} {
		if !strings.Contains(got, want) {
			t.Errorf("portal lacks %q:\n%s", want, got)
		}
	}
}

func TestGuidesEmbedded(t *testing.T) {
	want := []string{"Accessing ESR on a Trust computer", "Accessing ESR from other devices",
		"Booking onto a class", "Searching e-learning courses"}
	list := assets.GuideList()
	if len(list) != len(want) {
		t.Fatalf("%d guides, want %d", len(list), len(want))
	}
	th := theme.New(theme.Default, theme.Unicode, false)
	for i, g := range list {
		if en.T(g.Title) != want[i] {
			t.Errorf("guide %d is %q, want %q", i, en.T(g.Title), want[i])
		}
		src := mustGuide(t, g.Name)
		if first, _, _ := strings.Cut(src, "\n"); first != "# "+en.T(g.Title) {
			t.Errorf("%s opens with %q, want its title", g.Name, first)
		}
		if n := len(strings.Fields(src)); n < 250 || n > 700 {
			t.Errorf("%s has %d words", g.Name, n)
		}
		for _, line := range plainMarkdown(t, dropTitle(src), narrowBody, th) {
			if strings.Contains(line, "**") || strings.Contains(line, "`") {
				t.Errorf("%s: markup left in %q", g.Name, line)
			}
		}
	}
	if _, err := assets.Guide("nope"); err == nil {
		t.Error("a missing guide gives no error")
	}
}

func BenchmarkPortalLayout(b *testing.B) {
	p := NewPortal(testPortalEnv(), testSession())
	for b.Loop() {
		_ = p.Layout(200).String()
	}
}

func BenchmarkGuideLayout(b *testing.B) {
	p := NewPortal(testPortalEnv(), testSession())
	p.Resize(wideBody, 55) // 200x60
	p.Update(keypress.Msg("enter"))
	b.Run("scrolled", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			p.Update(keypress.Msg([]string{"down", "up"}[i%2]))
			_ = p.Layout(200).String()
		}
	})
	b.Run("open", func(b *testing.B) {
		// Opening wraps the text: the cost of the first frame of a guide.
		for b.Loop() {
			p.Update(keypress.Msg("esc"))
			p.Update(keypress.Msg("enter"))
			_ = p.Layout(200).String()
		}
	})
}

// On a terminal without Unicode (theme.ASCII) nothing the portal or a
// guide draws needs more than ASCII.
func TestPortalASCII(t *testing.T) {
	for _, th := range []theme.Theme{theme.New(theme.Default, theme.ASCII, true), theme.New(theme.HighContrast, theme.ASCII, false)} {
		env := testPortalEnv()
		env.Theme = th
		p := NewPortal(env, testSession())
		check := func(what string) {
			t.Helper()
			got := screenText(t, p, narrowBody)
			for _, r := range got {
				if r > 0x7e {
					t.Fatalf("%s, %s: %q in\n%s", th.Name, what, r, got)
				}
			}
		}
		check("portal")
		for _, g := range p.guides {
			p.Update(keypress.Msg("enter"))
			check(g.Name)
			p.Update(keypress.Msg("esc"))
			p.Update(keypress.Msg("tab"))
		}
	}
}
