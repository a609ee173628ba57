package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"unicode"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/text"
)

// The whole kiosk speaks one language at a time (DESIGN §12): the screen
// walk of words_test.go, in Welsh and in English at the narrowest window,
// finds no words of the other language's catalogue on any screen.

// sameInBoth are the catalogue's words that are the same in English and
// Welsh by design, so that finding them says nothing: the product's and
// the system's names (ESR, Ward Kiosk's "Ward"), "Demo" (the badge of a
// demo kiosk, a loan word in Welsh too), the reset code's pattern, and
// each language's name on the language key, which is in the language it
// names.
var sameInBoth = map[string]bool{"ESR": true, "Demo": true, "Ward": true, "XXXX-XXXX-XXXX": true,
	"English": true, "Cymraeg": true}

// verbRE is a value's place in a message, or where one is missing.
var verbRE = regexp.MustCompile(`%!?[a-zA-Z]?\(MISSING\)|%!?\[\d+\][a-zA-Z]|%[a-zA-Z]|\n`)

// catalogueWords are the runs of words in p's catalogue between the
// values' places: what a screen in p's language shows as it is.
func catalogueWords(t *testing.T, p text.Printer) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "text", "ids_*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no ids files: %v", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "ids_email.go") {
			continue // the emails' words, never on a screen
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, frag := range verbRE.Split(p.T(text.ID(id)), -1) {
				frag = strings.Join(strings.Fields(strings.TrimFunc(frag, func(r rune) bool {
					return !unicode.IsLetter(r) && !unicode.IsDigit(r)
				})), " ")
				if len([]rune(frag)) < 2 || seen[frag] || sameInBoth[frag] || !strings.ContainsFunc(frag, unicode.IsLetter) {
					continue
				}
				seen[frag] = true
				out = append(out, frag)
			}
			return true
		})
	}
	if len(out) < 100 {
		t.Fatalf("only %d runs of words in the %s catalogue: are the ids files read?", len(out), p.Lang())
	}
	return out
}

// foreignWords returns the runs of words of other (another language's
// catalogue) that are on the screen rows, once data is taken out, as
// whole words.
func foreignWords(rows, data []string, other []string) []string {
	data = slices.Clone(data)
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) })
	screen := strings.Join(rows, "\n")
	for _, d := range data {
		screen = strings.ReplaceAll(screen, d, " ")
	}
	flat := " " + flow(screen) + " "
	var found []string
	for _, w := range other {
		for i := 0; ; {
			j := strings.Index(flat[i:], w)
			if j < 0 {
				break
			}
			j += i
			before, after := []rune(flat[:j]), []rune(flat[j+len(w):])
			if !unicode.IsLetter(before[len(before)-1]) && (len(after) == 0 || !unicode.IsLetter(after[0])) {
				found = append(found, w)
				break
			}
			i = j + 1
		}
	}
	return found
}

// cutRE is a word cut short, an ellipsis right after it (a pending
// check's "…" stands alone).
var cutRE = regexp.MustCompile(`[^\s│]…`)

func TestNoOtherLanguageOnAnyScreen(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ p, other text.Printer }{{cy, en}, {en, cy}} {
		t.Run(string(c.p.Lang()), func(t *testing.T) {
			t.Parallel()
			others := otherWords(t, c.p, c.other)
			walkScreens(t, c.p, MinWidth, 24, func(state string, rows, data []string, guide map[string]bool) {
				t.Helper()
				checkLanguage(t, c.p, c.other, others, state, rows, data, guide)
			})
		})
	}
}

// otherWords are the runs of words of other's catalogue that are not p's
// too: what must not be on a screen in p's language.
func otherWords(t *testing.T, p, other text.Printer) []string {
	t.Helper()
	own := catalogueWords(t, p)
	var out []string
	for _, w := range catalogueWords(t, other) {
		if !slices.Contains(own, w) { // the same in both: not a leak
			out = append(out, w)
		}
	}
	return out
}

// checkLanguage fails state unless its rows are all p's words and data,
// none of others (the other catalogue's), with the frame whole at 72x24.
func checkLanguage(t *testing.T, p, other text.Printer, others []string, state string, rows, data []string, guide map[string]bool) {
	t.Helper()
	// A guide's own text is its file's, in which the product
	// keeps its English name ("Employee Self Service").
	found := slices.DeleteFunc(foreignWords(rows, data, others), func(w string) bool {
		return guide != nil && !slices.ContainsFunc(strings.Fields(w), func(f string) bool {
			return !guide[strings.Trim(f, ".,:;!?()")]
		})
	})
	// Layout holds: the frame fits, its status bar (the clock
	// last) on the bottom row, and nothing is cut short.
	bar := strings.TrimSpace(rows[len(rows)-1])
	if state != "too small a window" && (bar == "" || !unicode.IsDigit(rune(bar[len(bar)-1]))) {
		t.Errorf("%s in %s: the frame does not fit 72x24, no status bar:\n%s", state, p.Lang(), strings.Join(rows, "\n"))
	}
	if guide == nil && cutRE.MatchString(strings.Join(rows, "\n")) {
		t.Errorf("%s in %s: words cut short:\n%s", state, p.Lang(), strings.Join(rows, "\n"))
	}
	if len(found) > 0 {
		t.Errorf("%s in %s: words of the %s catalogue: %q\n%s", state, p.Lang(), other.Lang(), found,
			strings.Join(rows, "\n"))
	}
}

// The offline words, in both languages at 72x24: Login, Login Assistance,
// Reset and Change password say they need the network in the kiosk's
// language, whole.
func TestOfflineWordsInEachLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ p, other text.Printer }{{cy, en}, {en, cy}} {
		t.Run(string(c.p.Lang()), func(t *testing.T) {
			t.Parallel()
			others := otherWords(t, c.p, c.other)
			var offline atomic.Bool
			offline.Store(true)
			fx := newFixture(t)
			u, err := fx.svc.CreateUser(t.Context(), auth.Actor{Name: "cli:test", Terminal: "TEST"}, auth.NewUser{
				FirstName: "Jane", LastName: "Prys", Email: "jane.prys@example.nhs.uk", DOB: janeDOB,
				Role: "Staff Nurse", Ward: "Ward 7", Password: janePassword, Language: c.p.Lang()})
			if err != nil {
				t.Fatal(err)
			}
			hs := newHarnessOn(t, fx, MinWidth, 24, withText(c.p), withOffline(offline.Load))
			data := []string{u.Username, "Jane Prys", terminalName, "Staff Nurse", "Ward 7"}
			at := func(id text.ID, state string) {
				t.Helper()
				hs.WaitFor(c.p.T(id))
				checkLanguage(t, c.p, c.other, others, state, lines(hs.snapshot()), data, nil)
			}
			at(text.OfflinePasswordSignIn, "Login offline")
			hs.Send(screens.Goto{To: screens.AssistanceScreen})
			at(text.OfflineAssistance, "Login Assistance offline")
			hs.Send(screens.Goto{To: screens.ResetScreen})
			at(text.OfflineReset, "Reset offline")
			hs.Send(screens.Goto{To: screens.LoginScreen})
			offline.Store(false)
			hs.WaitGone(c.p.T(text.OfflinePasswordSignIn))
			hs.Type(u.Username)
			hs.Press("tab")
			hs.Type(janePassword)
			hs.Press("enter")
			hs.WaitFor(c.p.T(text.HeaderSignedIn, "Jane Prys"))
			offline.Store(true)
			hs.Send(screens.Goto{To: screens.ChangePasswordScreen})
			at(text.OfflineChangePassword, "Change password offline")
		})
	}
}

// The check is no proof without a screen that has the other language on
// it: an English button left on a Welsh screen, wrapped or not, is found;
// data and words inside longer words are not.
func TestForeignWordsAreFound(t *testing.T) {
	t.Parallel()
	others := otherWords(t, cy, en)
	rows := []string{
		"│  " + cy.T(text.LoginTitle) + "  │",
		"│  < " + en.T(text.ButtonBackToLogin) + " >  │",
		"│  Forgotten your username │",
		"│  or password?            │",
	}
	got := foreignWords(rows, nil, others)
	for _, want := range []string{en.T(text.ButtonBackToLogin), "Forgotten your username or password"} {
		if !slices.Contains(got, want) {
			t.Errorf("foreignWords = %q, want %q among them", got, want)
		}
	}
	// "Back" inside a name, or a name that is data, is no leak.
	if got := foreignWords([]string{"│  Backhouse  │", "│  Back Lane  │"}, []string{"Back Lane"}, others); len(got) != 0 {
		t.Errorf("foreignWords on a name = %q, want none", got)
	}
	if ok := foreignWords([]string{cy.T(text.LoginTitle)}, nil, others); len(ok) != 0 {
		t.Errorf("foreignWords on a Welsh row = %q, want none", ok)
	}
}
