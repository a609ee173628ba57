package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/internal/keypress"
	"github.com/wardkiosk/kiosk/internal/testclock"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/store/sqlite"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// The tests drive the real App in a real tea.Program (teatest), on a real
// auth.Service over a SQLite file, and read what a terminal would show: the
// program's output is fed into an x/vt emulator and every assertion is on
// the emulated screen's cells.

// en is the catalogue's English, which the kiosk speaks in these tests:
// they look words up by id, so a change of words changes no test.
var en = text.For(text.English)

// fastArgon keeps sign-ins quick; the real parameters are benchmarked in auth.
var fastArgon = auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// loadLists loads the word lists once for every test.
var loadLists = sync.OnceValues(policy.LoadLists)

const (
	terminalName = "WARD7-T1"
	janePassword = "Brisk-Owl-Lamp-48"
	janeEmail    = "jane.smith@example.nhs.uk"
	// newPassword passes every rule of the default profile for Jane.
	newPassword = "Brave-Cloud-Pencil-73"
	waitLimit   = 10 * time.Second
)

var janeDOB = time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)

// fixture is a real auth.Service on a SQLite file in a temporary directory,
// with one demo-like user, Jane Smith.
type fixture struct {
	svc   *auth.Service
	store *sqlite.Store
	clock *testclock.Clock
	jane  auth.User
}

// newFixture makes the fixture; tweaks change the auth options first.
func newFixture(t testing.TB, tweaks ...func(*auth.Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{store: st, clock: testclock.New(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC))}
	o := auth.Options{
		Store:   st,
		Lists:   loadLists,
		Argon:   fastArgon,
		CodeKey: []byte("0123456789abcdef0123456789abcdef"),
		Now:     f.clock.Now,
		Rand:    rand.NewChaCha8([32]byte{7}),
		Sleep:   func(context.Context, time.Duration) {}, // no response-time floor in tests
	}
	for _, tweak := range tweaks {
		tweak(&o)
	}
	f.svc, err = auth.New(o)
	if err != nil {
		t.Fatal(err)
	}
	f.jane = f.addUser(t, "Jane", "Smith", janeEmail, janePassword)
	return f
}

func (f *fixture) addUser(t testing.TB, first, last, email, password string) auth.User {
	t.Helper()
	u, err := f.svc.CreateUser(context.Background(), auth.Actor{Name: "cli:test", Terminal: "TEST"}, auth.NewUser{
		FirstName: first, LastName: last, Email: email, DOB: janeDOB,
		Role: "Staff Nurse", Ward: "Ward 7", Password: password})
	if err != nil {
		t.Fatalf("create %s %s: %v", first, last, err)
	}
	return u
}

// outbox is the number of queued emails.
func (f *fixture) outbox(t testing.TB) int {
	t.Helper()
	ms, err := f.svc.Messages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

var codeRE = regexp.MustCompile(`(?m)^\s*([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\s*$`)

// requestCode asks for a reset code for u, as Login Assistance does, and
// reads it from the outbox.
func (f *fixture) requestCode(t testing.TB, u auth.User) string {
	t.Helper()
	ctx := context.Background()
	if err := f.svc.ForgotPassword(ctx, terminalName, u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	ms, err := f.svc.Messages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(ms) - 1; i >= 0; i-- {
		if m := codeRE.FindStringSubmatch(ms[i].Body); m != nil {
			return m[1]
		}
	}
	t.Fatal("no reset code in the outbox")
	return ""
}

// config is what a harness can vary.
type config struct {
	theme     theme.Theme
	text      text.Printer // the kiosk's language
	kiosk     bool
	idle      time.Duration
	warning   time.Duration
	cards     <-chan smartcard.Event
	cardState func() smartcard.State // what the card monitor sees; nil when off
	maxEmails int                    // Login Assistance emails an account an hour, for Sent to say
	auth      func(screens.Auth) screens.Auth
	changes   <-chan auth.Change
	offline   func() bool // a client kiosk's offline state; nil standalone
	// offlineCard and offlinePassword say whether the offline gate offers
	// card or password sign-in; nil: it does not.
	offlineCard, offlinePassword func() bool
	signCards                    screens.Cards // card sign-in; nil: none
}

type option func(*config)

func withTheme(th theme.Theme) option { return func(c *config) { c.theme = th } }
func withKiosk(on bool) option        { return func(c *config) { c.kiosk = on } }
func withMaxEmails(n int) option      { return func(c *config) { c.maxEmails = n } }
func withText(p text.Printer) option  { return func(c *config) { c.text = p } }

// withChanges feeds the app the change feed's entries from ch.
func withChanges(ch <-chan auth.Change) option { return func(c *config) { c.changes = ch } }

// withAuth has the screens reach the fixture's service through wrap.
func withAuth(wrap func(screens.Auth) screens.Auth) option {
	return func(c *config) { c.auth = wrap }
}

// withOffline has the kiosk work offline while offline says so.
func withOffline(offline func() bool) option { return func(c *config) { c.offline = offline } }

// withOfflineSignIn has the offline gate offer card and password sign-in
// while card and password say so.
func withOfflineSignIn(card, password func() bool) option {
	return func(c *config) { c.offlineCard, c.offlinePassword = card, password }
}

// withCardSignIn has the Smartcard screen sign in through cards.
func withCardSignIn(cards screens.Cards) option { return func(c *config) { c.signCards = cards } }

// withCards feeds the app the card monitor's events from ch.
func withCards(ch <-chan smartcard.Event) option { return func(c *config) { c.cards = ch } }

// withCardState has the card monitor see what state says.
func withCardState(state func() smartcard.State) option {
	return func(c *config) { c.cardState = state }
}

// harness runs the App in a tea.Program and keeps an emulated terminal of
// what it drew.
type harness struct {
	t   *testing.T
	fx  *fixture
	app *App
	tm  *teatest.TestModel
	cfg config
	// isFocus tells a focused item's style in the harness's theme.
	isFocus func(uv.Style) bool

	mu   sync.Mutex
	emu  *vt.Emulator
	w, h int
	buf  []byte
}

// newHarness starts the kiosk on a w x h terminal on a fresh fixture.
func newHarness(t *testing.T, w, h int, opts ...option) *harness {
	t.Helper()
	return newHarnessOn(t, newFixture(t), w, h, opts...)
}

// newHarnessOn starts the kiosk on a w x h terminal on fixture fx.
func newHarnessOn(t *testing.T, fx *fixture, w, h int, opts ...option) *harness {
	t.Helper()
	cfg := config{theme: defaultTheme(), text: en,
		idle: 5 * time.Minute, warning: 30 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	var au screens.Auth = fx.svc
	if cfg.auth != nil {
		au = cfg.auth(au)
	}
	env := &screens.Env{
		Ctx:              context.Background(),
		Auth:             au,
		Theme:            cfg.theme,
		Text:             cfg.text,
		Terminal:         terminalName,
		Now:              fx.clock.Now,
		Smartcard:        false, // smartcard = false in the config: the button says it is not set up
		CodeLifetime:     30 * time.Minute,
		MaxEmailsPerHour: cfg.maxEmails,
		CardState:        cfg.cardState,
		Offline:          cfg.offline,
		OfflineCard:      cfg.offlineCard,
		OfflinePassword:  cfg.offlinePassword,
		Cards:            cfg.signCards,
	}
	app := New(env, Options{Kiosk: cfg.kiosk, IdleTimeout: cfg.idle, IdleWarning: cfg.warning, Cards: cfg.cards, Changes: cfg.changes})
	hs := &harness{t: t, fx: fx, app: app, cfg: cfg, isFocus: focusTest(cfg.theme), emu: vt.NewEmulator(w, h), w: w, h: h,
		buf: make([]byte, 64<<10)}
	// The emulator answers terminal queries on its input pipe; nobody
	// types into it, so drain it or a query would block the writer.
	go io.Copy(io.Discard, hs.emu) //nolint:errcheck
	hs.tm = teatest.NewTestModel(t, app, teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.ANSI),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		))
	t.Cleanup(func() {
		_ = hs.tm.Quit()
		hs.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
		if pw, ok := hs.emu.InputPipe().(io.Closer); ok {
			pw.Close()
		}
	})
	hs.WaitFor(cfg.text.T(text.LoginTitle))
	// The first frame may be drawn at the app's default size, before the
	// terminal's size arrives: wait for one at the real size, or a click
	// aimed at what the first frame showed would miss.
	hs.Sync()
	return hs
}

// pump feeds what the program wrote so far into the emulator; call with
// mu held. With no tty to write to, the renderer counts on the line
// discipline's ONLCR (a line feed also returns the carriage), so pump does
// what a pty would.
func (hs *harness) pump() {
	out := hs.tm.Output()
	for {
		n, err := out.Read(hs.buf)
		if n > 0 {
			_, _ = hs.emu.Write(bytes.ReplaceAll(hs.buf[:n], []byte("\n"), []byte("\r\n")))
		}
		if n == 0 || errors.Is(err, io.EOF) {
			return
		}
	}
}

// snapshot returns the emulated screen, cell by cell.
func (hs *harness) snapshot() [][]cell {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	hs.pump()
	rows := make([][]cell, hs.h)
	for y := range hs.h {
		rows[y] = make([]cell, hs.w)
		for x := range hs.w {
			c := hs.emu.CellAt(x, y)
			rows[y][x] = cell{r: ' '}
			if c == nil {
				continue
			}
			if r := []rune(c.Content); len(r) > 0 {
				rows[y][x].r = r[0]
			}
			rows[y][x].style = c.Style
		}
	}
	return rows
}

// cell is one emulated cell: its first rune and its style.
type cell struct {
	r     rune
	style uv.Style
}

// lines are the rows of a snapshot as text, trailing spaces trimmed.
func lines(rows [][]cell) []string {
	out := make([]string, len(rows))
	for y, row := range rows {
		rs := make([]rune, len(row))
		for x, c := range row {
			rs[x] = c.r
		}
		out[y] = strings.TrimRight(string(rs), " ")
	}
	return out
}

// Screen is the emulated screen as text, a line a row.
func (hs *harness) Screen() string { return strings.Join(lines(hs.snapshot()), "\n") }

// flow is the screen's text with box borders dropped and runs of space
// made one, so that a message wrapped over several lines reads as one.
func flow(screen string) string {
	var words []string
	for _, line := range strings.Split(screen, "\n") {
		line = strings.Trim(line, " │|┃")
		words = append(words, strings.Fields(line)...)
	}
	return strings.Join(words, " ")
}

// Text is the screen as flowing text (see flow).
func (hs *harness) Text() string { return flow(hs.Screen()) }

// shows reports whether screen shows s, on one line or wrapped.
func shows(screen, s string) bool {
	return strings.Contains(screen, s) || strings.Contains(flow(screen), strings.Join(strings.Fields(s), " "))
}

// Has reports whether the screen shows s, on one line or wrapped.
func (hs *harness) Has(s string) bool { return shows(hs.Screen(), s) }

// Until waits until cond holds for the screen, failing with what the
// screen shows when it never does.
func (hs *harness) Until(what func() string, cond func(screen string) bool) {
	hs.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		sc := hs.Screen()
		if cond(sc) {
			return
		}
		if time.Now().After(deadline) {
			hs.t.Fatalf("waited %s for %s; the screen shows:\n%s", waitLimit, what(), sc)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// WaitFor waits until the screen shows s (on one line or wrapped).
func (hs *harness) WaitFor(s string) {
	hs.t.Helper()
	hs.Until(func() string { return fmt.Sprintf("%q", s) }, func(sc string) bool { return shows(sc, s) })
}

// WaitGone waits until the screen no longer shows s.
func (hs *harness) WaitGone(s string) {
	hs.t.Helper()
	hs.Until(func() string { return fmt.Sprintf("%q to go", s) }, func(sc string) bool { return !shows(sc, s) })
}

// Sync waits until every message sent so far has been handled and drawn:
// it sends a size message of the current size, which repaints the whole
// screen, and waits for that frame. (The program handles messages in order.)
func (hs *harness) Sync() {
	hs.t.Helper()
	// Blank the emulator so the next frame is the only thing on it.
	hs.mu.Lock()
	hs.pump()
	_, _ = hs.emu.WriteString("\x1b[2J")
	hs.mu.Unlock()
	hs.tm.Send(tea.WindowSizeMsg{Width: hs.w, Height: hs.h})
	// The status bar is the frame's last row and the clock its last
	// item: drawn, the frame is whole. The terminal's name is on it too,
	// but a narrow bar drops it before the card's state (widget.StatusBarFit).
	hs.Until(func() string { return "a repaint" }, func(sc string) bool {
		bar := strings.TrimSpace(sc[strings.LastIndex(sc, "\n")+1:])
		return strings.Contains(sc, hs.cfg.text.T(text.StatusTerminal, terminalName)) ||
			(bar != "" && unicode.IsDigit(rune(bar[len(bar)-1])))
	})
}

// Send sends a message to the app.
func (hs *harness) Send(msg tea.Msg) { hs.tm.Send(msg) }

// Type types s, a key press a character.
func (hs *harness) Type(s string) {
	for _, r := range s {
		hs.tm.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Press presses keys by name, in order.
func (hs *harness) Press(names ...string) {
	hs.t.Helper()
	for _, n := range names {
		hs.tm.Send(keypress.Msg(n))
	}
}

// Click clicks the left button at x, y.
func (hs *harness) Click(x, y int) {
	hs.tm.Send(tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

// find returns where each occurrence of s starts on the screen.
func find(rows [][]cell, s string) [][2]int {
	want := []rune(s)
	var at [][2]int
	for y, row := range rows {
		for x := 0; x+len(want) <= len(row); x++ {
			ok := true
			for i, r := range want {
				if row[x+i].r != r {
					ok = false
					break
				}
			}
			if ok {
				at = append(at, [2]int{x, y})
			}
		}
	}
	return at
}

// Locate waits until s is on the screen and returns where its first
// occurrence starts.
func (hs *harness) Locate(s string) (x, y int) {
	hs.t.Helper()
	var at [][2]int
	hs.Until(func() string { return fmt.Sprintf("%q on one line", s) }, func(string) bool {
		at = find(hs.snapshot(), s)
		return len(at) > 0
	})
	return at[0][0], at[0][1]
}

// ClickText clicks the middle of the first place the screen shows s.
func (hs *harness) ClickText(s string) {
	hs.t.Helper()
	x, y := hs.Locate(s)
	hs.Click(x+len([]rune(s))/2, y)
}

// focusTest returns how theme th marks the focused label, button or link:
// bold in the default theme, reverse video without colour, a yellow
// background in high contrast.
func focusTest(th theme.Theme) func(uv.Style) bool {
	switch {
	case th.Name == theme.HighContrast:
		return func(st uv.Style) bool { return sameColour(st.Bg, lipgloss.BrightYellow) }
	case th.LabelFocused.GetReverse():
		return func(st uv.Style) bool { return st.Attrs&uv.AttrReverse != 0 }
	}
	return func(st uv.Style) bool { return st.Attrs&uv.AttrBold != 0 }
}

// focused returns which of the candidates is drawn focused (see
// focusTest). A
// candidate inside a longer one on screen ("Password" in "Confirm
// Password") is that one's, not its own; a candidate that shows more than
// once is named "text#n" from its second occurrence on, top to bottom.
func focused(rows [][]cell, candidates []string, isFocus func(uv.Style) bool) []string {
	type span struct {
		name    string
		x, y, n int
	}
	var spans []span
	for _, c := range candidates {
		if strings.ContainsRune(c, '#') {
			continue
		}
		for _, at := range find(rows, c) {
			spans = append(spans, span{c, at[0], at[1], len([]rune(c))})
		}
	}
	inside := func(a span) bool {
		for _, b := range spans {
			if b.y == a.y && b.n > a.n && b.x <= a.x && a.x+a.n <= b.x+b.n {
				return true
			}
		}
		return false
	}
	count := map[string]int{}
	var got []string
	for _, sp := range spans {
		if inside(sp) {
			continue
		}
		count[sp.name]++
		if !isFocus(rows[sp.y][sp.x].style) {
			continue
		}
		name := sp.name
		if count[sp.name] > 1 {
			name = fmt.Sprintf("%s#%d", sp.name, count[sp.name])
		}
		got = append(got, name)
	}
	return got
}

// WaitFocus waits until want is the one candidate drawn focused.
func (hs *harness) WaitFocus(want string, candidates []string) {
	hs.t.Helper()
	var got []string
	hs.Until(func() string { return fmt.Sprintf("focus on %q (focused: %q)", want, got) }, func(string) bool {
		got = focused(hs.snapshot(), candidates, hs.isFocus)
		return len(got) == 1 && got[0] == want
	})
}

// FocusOn tabs forward until want is drawn focused.
func (hs *harness) FocusOn(want string, candidates []string) {
	hs.t.Helper()
	hs.Sync() // keys still on their way would move focus under us
	current := func() string {
		var got []string
		hs.Until(func() string { return fmt.Sprintf("one focused item of %q (focused: %q)", candidates, got) },
			func(string) bool {
				got = focused(hs.snapshot(), candidates, hs.isFocus)
				return len(got) == 1
			})
		return got[0]
	}
	for range len(candidates) + 1 {
		was := current()
		if was == want {
			return
		}
		hs.Press("tab")
		hs.Until(func() string { return "focus to leave " + was }, func(string) bool {
			got := focused(hs.snapshot(), candidates, hs.isFocus)
			return len(got) == 1 && got[0] != was
		})
	}
	hs.t.Fatalf("tab never reaches %q", want)
}

// FieldText is what the field labelled label shows between its brackets.
func (hs *harness) FieldText(label string) string {
	hs.t.Helper()
	rows := hs.snapshot()
	at := find(rows, label)
	if len(at) == 0 {
		hs.t.Fatalf("no field %q on the screen:\n%s", label, strings.Join(lines(rows), "\n"))
	}
	row := rows[at[0][1]]
	var rs []rune
	in := false
	for x := at[0][0] + len([]rune(label)); x < len(row); x++ {
		switch {
		case !in && row[x].r == '[':
			in = true
		case in && row[x].r == ']':
			return strings.TrimSpace(string(rs))
		case in:
			rs = append(rs, row[x].r)
		}
	}
	hs.t.Fatalf("field %q has no brackets: %q", label, lines(rows)[at[0][1]])
	return ""
}

// WaitField waits until the field labelled label shows want.
func (hs *harness) WaitField(label, want string) {
	hs.t.Helper()
	var got string
	hs.Until(func() string { return fmt.Sprintf("field %q to show %q (it shows %q)", label, want, got) }, func(string) bool {
		got = hs.FieldText(label)
		return got == want
	})
}

// Mark is the checklist mark drawn before label: the tick, cross or
// pending glyph two cells to its left.
func (hs *harness) Mark(label string) string {
	hs.t.Helper()
	rows := hs.snapshot()
	at := find(rows, label)
	if len(at) == 0 || at[0][0] < 2 {
		hs.t.Fatalf("no checklist line %q on the screen:\n%s", label, strings.Join(lines(rows), "\n"))
	}
	return string(rows[at[0][1]][at[0][0]-2].r)
}

// Row is the text of the screen's row that shows s (first occurrence),
// box borders and outer spaces trimmed.
func (hs *harness) Row(s string) string {
	hs.t.Helper()
	_, y := hs.Locate(s)
	return strings.Trim(lines(hs.snapshot())[y], " │|┃")
}

// WaitMark waits until the checklist line label has the mark want.
func (hs *harness) WaitMark(label, want string) {
	hs.t.Helper()
	var got string
	hs.Until(func() string { return fmt.Sprintf("%q marked %q (it has %q)", label, want, got) }, func(string) bool {
		got = hs.Mark(label)
		return got == want
	})
}

// Resize resizes the terminal, as a window manager would.
func (hs *harness) Resize(w, h int) {
	hs.mu.Lock()
	hs.pump()
	hs.emu.Resize(w, h)
	hs.w, hs.h = w, h
	hs.mu.Unlock()
	hs.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
}

// hasControl reports whether s holds a control character other than a
// line break.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) })
}

// signIn signs Jane in from a fresh Login screen and waits for the portal.
func (hs *harness) signIn(username, password string) {
	hs.t.Helper()
	hs.Type(username)
	hs.Press("tab")
	hs.Type(password)
	hs.Press("enter")
	hs.WaitFor("Signed in:")
}

// failSignIn types a wrong password into the focused Password field and
// submits it, waiting until the answer has wiped the field: the keys typed
// next are not dropped while the sign-in is in flight.
func (hs *harness) failSignIn(password string) {
	hs.t.Helper()
	hs.Type(password)
	hs.WaitField("Password", strings.Repeat(string(hs.cfg.theme.MaskChar), len([]rune(password))))
	hs.Press("enter")
	hs.WaitField("Password", "")
}

// defaultTheme is the theme tests run in unless they say otherwise.
func defaultTheme() theme.Theme { return theme.New(theme.Default, theme.Unicode, false) }

// clockText is the status bar's clock for t.
func clockText(t time.Time) string { return t.Local().Format("Mon 2 Jan 15:04") }

// WaitClock waits until the status bar shows the test clock's time: the
// app has handled a tick sent since the clock last moved.
func (hs *harness) WaitClock() {
	hs.t.Helper()
	hs.WaitFor(clockText(hs.fx.clock.Now()))
}

// tickNow sends the app the clock's current time as a tick.
func (hs *harness) tickNow() { hs.tm.Send(tick(hs.fx.clock.Now())) }

// lastAudit waits until the newest audit event is an action one (the app
// audits off its loop) and returns it.
func (hs *harness) lastAudit(action string) auth.Event {
	hs.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		evs, err := hs.fx.svc.AuditEvents(context.Background(), 1)
		if err != nil {
			hs.t.Fatal(err)
		}
		if len(evs) == 1 && evs[0].Action == action {
			return evs[0]
		}
		if time.Now().After(deadline) {
			hs.t.Fatalf("the newest audit event is not %s: %+v", action, evs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
