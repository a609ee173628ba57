package ui

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/wardkiosk/kiosk/assets"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/text"
)

// Every word staff see comes from the catalogue. Two tests keep it so:
//
//   - TestEveryWordOnScreenIsTheCatalogues runs the kiosk in
//     pseudo-English (text.Pseudo), in which the catalogue's words have no
//     plain ASCII letter, through every screen and most of their states in
//     the emulated terminal. A plain letter left on the screen must then be
//     the user's own data, drawn as it is, or a key's name on the help line;
//     anything else is a word that bypassed the catalogue.
//   - TestNoWordsInTheSource catches what that walk does not reach: no
//     string literal in the kiosk's screens, frame or widgets reads as
//     words. Ids, key names and configuration values are one lower-case
//     token ("forgot-password", "shift+tab", "lock"); words are not.

// keyNames are the names of keys, which the help line shows as they are:
// they are what is written on the keyboard.
var keyNames = map[string]bool{"tab": true, "shift": true, "enter": true, "esc": true, "ctrl": true, "r": true,
	"up": true, "down": true, "pgup": true, "pgdn": true, "home": true, "end": true, "f": true}

// languageNames are the languages' names in themselves, which the
// language key shows as they are in every language ("Cymraeg").
var languageNames = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range text.Languages() {
		out[l.Name()] = true
	}
	return out
}()

var asciiWord = regexp.MustCompile(`[A-Za-z]+`)

// strayWords returns the plain words on a screen of rows: the runs of
// ASCII letters left once every piece of data (drawn as it is) is taken
// out, but for key names on the help line (the row above the status bar)
// and the header (the language key), the languages' own names, and the
// words in allowed.
func strayWords(rows, data []string, allowed map[string]bool) []string {
	data = slices.Clone(data)
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) }) // "Jane Smith" before "Jane"
	var stray []string
	for y, row := range rows {
		for _, d := range data {
			row = strings.ReplaceAll(row, d, " ")
		}
		for _, w := range asciiWord.FindAllString(row, -1) {
			if allowed[w] || ((y == len(rows)-2 || y == 0) && keyNames[w]) || languageNames[w] {
				continue
			}
			stray = append(stray, w)
		}
	}
	return stray
}

// cardStateBox is the card monitor's state as the test sets it, read by
// the program's goroutine.
type cardStateBox struct {
	mu sync.Mutex
	s  smartcard.State
}

func (b *cardStateBox) get() smartcard.State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.s
}

func (b *cardStateBox) set(s smartcard.State) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.s = s
}

func TestEveryWordOnScreenIsTheCatalogues(t *testing.T) {
	t.Parallel()
	walkScreens(t, text.Pseudo(), 100, 30, func(state string, rows, data []string, guide map[string]bool) {
		t.Helper()
		if stray := strayWords(rows, data, guide); len(stray) > 0 {
			t.Errorf("%s: words that are not the catalogue's: %q\n%s", state, stray, strings.Join(rows, "\n"))
		}
	})
}

// walkScreens runs the kiosk in the language of ps on a w x h terminal
// through every screen and most of their states, and hands each check
// the screen's rows, the data drawn as it is (names, the terminal, what
// was typed), and, on an open guide, the guide's own words, to inspect.
func walkScreens(t *testing.T, ps text.Printer, w, h int, inspect func(state string, rows, data []string, guide map[string]bool)) {
	t.Helper()
	say := func(id text.ID, args ...any) string { return ps.T(id, args...) }
	button := func(id text.ID) string { return "< " + say(id) + " >" }

	ctx := context.Background()
	fx := newFixture(t, func(o *auth.Options) { o.TerminalHint = 1 }) // the lock hint on the first failure
	jane := fx.jane
	if l := ps.Lang(); l != text.English && slices.Contains(text.Languages(), l) {
		// Her portal speaks her language, not the terminal's: the walk's
		// user speaks the language walked.
		u, err := fx.svc.CreateUser(ctx, auth.Actor{Name: "cli:test", Terminal: "TEST"}, auth.NewUser{
			FirstName: "Jane", LastName: "Prys", Email: "jane.prys@example.nhs.uk", DOB: janeDOB,
			Role: jane.Role, Ward: jane.Ward, Password: janePassword, Language: l})
		if err != nil {
			t.Fatal(err)
		}
		jane = u
	}
	if err := fx.svc.MarkDemo(ctx, jane.Username+" "+janePassword); err != nil {
		t.Fatal(err)
	}
	// A sign-in elsewhere, for the portal to tell of.
	if _, err := fx.svc.Login(ctx, "WARD7-T2", jane.Username, janePassword); err != nil {
		t.Fatal(err)
	}
	cardState := &cardStateBox{s: smartcard.State{Service: true, Readers: []smartcard.ReaderInfo{{Name: "Reader 0"}}}}
	cards := make(chan smartcard.Event)
	hs := newHarnessOn(t, fx, w, h, withText(ps), withCards(cards), withCardState(cardState.get))

	const wrongCode = "AAAA-BBBB-CCCC"
	data := []string{jane.Username, jane.FirstName + " " + jane.LastName, jane.FirstName, jane.LastName,
		jane.Role, jane.Ward, jane.Email, terminalName, "WARD7-T2", janePassword, wrongCode, "Reader 0"}
	states := 0
	checkNow := func(state string, guide map[string]bool) {
		t.Helper()
		inspect(state, lines(hs.snapshot()), data, guide)
		states++
	}
	check := func(state string) {
		t.Helper()
		hs.Sync() // the whole frame, as it stands
		checkNow(state, nil)
	}
	// at waits for the words of id, then checks the screen as state.
	at := func(id text.ID, state string) {
		t.Helper()
		hs.WaitFor(say(id))
		check(state)
	}
	// clickTo clicks what says label and checks the screen it leads to.
	clickTo := func(label string, id text.ID, state string) {
		t.Helper()
		hs.ClickText(label)
		at(id, state)
	}
	// idleWarning lets the kiosk sit idle up to its warning and checks
	// it; a key press then keeps the screen.
	idleWarning := func(state string) {
		t.Helper()
		idle, warn := hs.cfg.idle, hs.cfg.warning
		hs.fx.clock.Advance(idle - warn)
		hs.tickNow()
		at(text.IdleStillThere, state)
		hs.Press("space")
		hs.WaitGone(say(text.IdleStillThere))
	}
	card := func(kind smartcard.EventKind, id text.ID, state string) {
		t.Helper()
		select {
		case cards <- smartcard.Event{Kind: kind, Reader: "Reader 0"}:
		case <-time.After(waitLimit):
			t.Fatal("the app does not take card events")
		}
		at(id, state)
	}

	// Login.
	at(text.DemoBadge, "Login with the demo hint")
	hs.Press("enter", "enter") // Enter on Username moves on; on an empty Password it submits
	at(text.LoginNeedBoth, "Login with nothing typed")
	hs.Type(jane.Username)
	hs.Press("enter", "enter")
	at(text.LoginNeedPassword, "Login without a password")
	hs.Type("Not-Her-Password-1")
	hs.Press("enter")
	at(text.LoginLockHint, "Login refused")
	clickTo(button(text.ButtonSmartcard), text.LoginNoSmartcard, "Login without smartcards")

	// Login Assistance and Sent.
	clickTo(say(text.LinkAssistance), text.AssistanceTitle, "Login Assistance")
	clickTo(button(text.ButtonForgotPassword), text.AssistNeedUserEmail, "Login Assistance without an email")
	clickTo(button(text.ButtonForgotUsername), text.AssistNeedEmailDOB, "Login Assistance without a date of birth")
	hs.Type(jane.Email)
	hs.Press("tab")
	hs.Type("99/99/1985")
	hs.Press("enter")
	at(text.AssistBadDOB, "Login Assistance with a bad date")
	hs.ClickText(say(text.FieldWorkEmail))
	hs.WaitFocus(say(text.FieldWorkEmail), []string{say(text.FieldWorkEmail), say(text.FieldDateOfBirth), say(text.FieldUsername)})
	hs.Type(jane.Email)
	clickTo(button(text.ButtonForgotPassword), text.SentMessage, "Sent")

	// Reset.
	clickTo(button(text.ButtonHaveCode), text.ResetTitle, "Reset")
	clickTo(button(text.ButtonSetPassword), text.ResetNeedAll, "Reset with nothing typed")
	hs.Type(wrongCode)
	hs.Press("tab", "tab") // past the username carried from Login
	hs.Type("Nurse7Ward")
	hs.Press("tab")
	hs.Type("Nurse7Ward")
	hs.Press("enter")
	at(text.ResetFailed, "Reset refused, the checklist filled in")

	// The Portal and a guide.
	hs.Press("esc")
	hs.WaitFor(say(text.AssistPasswordGuidance)) // not the title: the refusal names Login Assistance
	hs.Press("esc")
	hs.WaitFor(say(text.LoginTitle))
	// The username came back from Reset; focus is on Password.
	hs.WaitFocus(say(text.FieldPassword), []string{say(text.FieldUsername), say(text.FieldPassword)})
	hs.Type(janePassword)
	hs.Press("enter")
	hs.WaitFor(say(text.HeaderSignedIn, jane.FirstName+" "+jane.LastName))
	check("Portal")
	hs.ClickText(say(text.GuideTrustComputer))
	hs.WaitFor(strings.Fields(say(text.GuideLinesMore, 1, 2, 3))[0])
	hs.Sync()
	// A guide's own text is the guide's file, in the language it is
	// written in: its words are data here.
	src, err := assets.GuideIn(ps.Lang(), "trust-computer")
	if err != nil {
		t.Fatal(err)
	}
	guideWords := map[string]bool{}
	for _, w := range asciiWord.FindAllString(src, -1) {
		guideWords[w] = true
	}
	checkNow("a guide", guideWords)
	hs.Press("esc")
	hs.WaitGone(strings.Fields(say(text.GuideLinesMore, 1, 2, 3))[0])

	// Change password.
	clickTo(button(text.ButtonChangePassword), text.FieldCurrentPassword, "Change password")
	hs.Press("enter", "enter", "enter")
	at(text.ChangeNeedAll, "Change password with nothing typed")
	hs.Type("Not-My-Password-5")
	hs.Press("tab")
	hs.Type(janePassword)
	hs.Press("tab")
	hs.Type(janePassword)
	hs.Press("enter")
	at(text.PasswordWrongCurrent, "Change password, the current one wrong")
	hs.Type(janePassword)
	// On to New and Confirm, which hold it already, and submit: her
	// current password again is not-previous, said on a line of its own.
	hs.Press("enter", "enter", "enter")
	at(text.PasswordRefused, "Change password refused")
	changeFields := []string{say(text.FieldCurrentPassword), say(text.FieldNewPassword), say(text.FieldConfirmNew)}
	hs.ClickText(say(text.FieldConfirmNew))
	hs.WaitFocus(say(text.FieldConfirmNew), changeFields) // a click comes back as a message: wait for it
	hs.Press("ctrl+u")
	hs.Type(newPassword)
	hs.Press("enter")
	at(text.PasswordMismatch, "Change password, the two differ")
	hs.ClickText(say(text.FieldNewPassword))
	hs.WaitFocus(say(text.FieldNewPassword), changeFields)
	hs.Press("ctrl+u")
	hs.Type(newPassword)
	hs.Press("tab", "ctrl+u")
	hs.Type(newPassword)
	hs.Press("enter")
	at(text.ChangeDone, "Portal, the password changed")

	// The idle warning, signed in and not.
	idleWarning("the idle warning in a session")
	hs.ClickText(button(text.ButtonLogOut))
	hs.WaitFor(say(text.LoginTitle))
	hs.Type("382")
	hs.WaitField(say(text.FieldUsername), "382") // typed before the clock moves, or the keys would be the latest activity
	idleWarning("the idle warning on Login")

	// The Smartcard screen, and what the status bar says of the reader.
	card(smartcard.CardInserted, text.CardEnterPasscode, "Smartcard, a card in")
	hs.Press("enter")
	at(text.CardNeedPasscode, "Smartcard without a passcode")
	card(smartcard.CardRemoved, text.CardTakenOut, "Smartcard, the card taken out")
	cardState.set(smartcard.State{Service: true})
	check("Smartcard without a reader")
	cardState.set(smartcard.State{})
	check("Smartcard without the service")
	cardState.set(smartcard.State{Service: true, Readers: []smartcard.ReaderInfo{{Name: "Reader 0", Card: true}}})
	check("Smartcard, a card in the reader")

	// Too small a window: no frame, only the words.
	hs.Resize(60, 20)
	hs.WaitFor(say(text.TooSmallKiosk))
	checkNow("too small a window", nil)

	if states < 25 {
		t.Errorf("only %d states checked: is the walk cut short?", states)
	}
}

// The walk above fails on words that bypass the catalogue; it is no
// proof without a screen that draws some. This one does, and is caught.
func TestStrayWordsAreFound(t *testing.T) {
	ps := text.Pseudo()
	rows := []string{
		ps.T(text.HeaderTitle) + "    " + ps.T(text.HeaderSignedIn, "Jane Smith"),
		"│ " + ps.T(text.LoginTitle) + " │",
		"│ Log in via smartcard │",                   // drawn by hand
		"tab " + ps.T(text.HelpNext) + "   esc back", // a help word by hand
		ps.T(text.StatusTerminal, "WARD7-T1"),
	}
	got := strayWords(rows, []string{"Jane Smith", "WARD7-T1"}, nil)
	if want := []string{"Log", "in", "via", "smartcard", "back"}; !slices.Equal(got, want) {
		t.Errorf("strayWords = %q, want %q", got, want)
	}
}

// wordLike is a string literal that reads as words to a person: more than
// one character, and not one lower-case token such as an id
// ("forgot-password"), a key name ("shift+tab"), a configuration value
// ("lock") or a guide's placeholder ("{idle}").
var tokenRE = regexp.MustCompile(`^[a-z0-9{][a-z0-9+/:{}\\._-]*$`)

func wordLike(s string) bool {
	return len([]rune(s)) > 1 && strings.ContainsFunc(s, unicode.IsLetter) && !tokenRE.MatchString(s)
}

func TestNoWordsInTheSource(t *testing.T) {
	var n int
	for _, dir := range []string{".", "../screens", "widget"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			n++
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(node ast.Node) bool {
				switch node := node.(type) {
				case *ast.ImportSpec:
					return false
				case *ast.BasicLit:
					if s, err := strconv.Unquote(node.Value); node.Kind == token.STRING && err == nil && wordLike(s) {
						t.Errorf("%s: %q reads as words: put them in the text catalogue", fset.Position(node.Pos()), s)
					}
				}
				return true
			})
		}
	}
	if n < 20 {
		t.Fatalf("read only %d files: are the directories right?", n)
	}
	for s, want := range map[string]bool{"Log in": true, "Back": true, "back": false, "shift+tab": false,
		"forgot-password": false, "{idle}": false, "G": false, "ctrl+\\": false, "15:04": false, "%s: %d": true} {
		if wordLike(s) != want {
			t.Errorf("wordLike(%q) = %v, want %v", s, !want, want)
		}
	}
}
