package text

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// An ID no catalogue has fails loudly in tests, so it is found before it
// ships.
func TestMissingIDPanicsInTests(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "no.such.id") {
			t.Fatalf("recover() = %v, want a panic naming the id", r)
		}
	}()
	For(English).T("no.such.id")
}

func TestFor(t *testing.T) {
	for _, lang := range []Lang{"en", "en-GB", "EN", "fr", "", "C"} {
		p := For(lang)
		if want := "The passwords you entered do not match."; p.T(PasswordMismatch) != want {
			t.Errorf("For(%q).T = %q, want %q", lang, p.T(PasswordMismatch), want)
		}
	}
	if got := For("fr").Lang(); got != English {
		t.Errorf("For(fr) speaks %q, want English", got)
	}
	var zero Printer
	if zero.Lang() != English || zero.T(LoginFailed) != For(English).T(LoginFailed) {
		t.Error("the zero Printer does not speak English")
	}
	for _, lang := range []Lang{"cy", "cy-GB", "CY"} {
		if got := For(lang).Lang(); got != Welsh {
			t.Errorf("For(%q) speaks %q, want Welsh", lang, got)
		}
	}
	if got := Languages(); len(got) != 2 || got[0] != English || got[1] != Welsh {
		t.Errorf("Languages() = %v, want English then Welsh", got)
	}
}

func TestText(t *testing.T) {
	if got := For(English).Text(Msg{ID: RuleMaxLengthMessage, Args: []any{128}}); got != "Your password is too long: use no more than 128 characters." {
		t.Errorf("Text = %q", got)
	}
}

func TestForError(t *testing.T) {
	parent := errors.New("invalid input")
	err := NewError(PasswordControl, "invalid input: a password cannot hold control characters", parent)
	if !errors.Is(err, parent) || !errors.Is(err, err) {
		t.Fatal("NewError's error is not its parent, or not itself, to errors.Is")
	}
	if err.Error() != "invalid input: a password cannot hold control characters" {
		t.Errorf("Error() = %q: the developer text", err.Error())
	}
	for _, e := range []error{err, fmt.Errorf("auth: reset: %w", err)} {
		m, ok := ForError(e)
		if !ok || m.ID != PasswordControl {
			t.Errorf("ForError(%v) = %v, %v, want %s", e, m, ok, PasswordControl)
		}
	}
	if m, ok := ForError(parent); ok {
		t.Errorf("ForError of a plain error = %v, want none", m)
	}
	if _, ok := ForError(nil); ok {
		t.Error("ForError(nil) has words")
	}
	if NewError(LoginFailed, "x", nil).(interface{ Unwrap() error }).Unwrap() != nil {
		t.Error("a sentinel with no parent unwraps to something")
	}
}

// Pseudo-English has every ID, with no ASCII letter left in its words
// but the values given, which it keeps as they are.
func TestPseudo(t *testing.T) {
	p := For(English)
	q := Pseudo()
	if got := q.T(ButtonLogIn); got != "Ĺóĝ íñ" {
		t.Errorf("Pseudo ButtonLogIn = %q", got)
	}
	if got := q.T(HeaderSignedIn, "Jane Smith"); got != "Šíĝñéď íñ: Jane Smith" {
		t.Errorf("Pseudo HeaderSignedIn = %q", got)
	}
	if got, want := q.T(RuleMinLengthLabel, 1), "Áţ ĺéášţ 1 çĥáŕáçţéŕ"; got != want {
		t.Errorf("Pseudo plural one = %q, want %q", got, want)
	}
	for id := range catalogueIDs(t, english) {
		if strings.HasSuffix(string(id), ".body") {
			continue
		}
		var args []any // a count 7 for each %[n]d, "" for each %[n]s
		ps := messagePlaceholders(t, english, id)
		for n := 1; n <= len(ps); n++ {
			if ps[fmt.Sprintf("%dd", n)] {
				args = append(args, 7)
			} else {
				args = append(args, "")
			}
		}
		got := q.T(id, args...)
		if strings.ContainsFunc(got, func(r rune) bool { return r < 128 && isASCIILetter(byte(r)) }) {
			t.Errorf("Pseudo %s = %q: an ASCII letter is left", id, got)
		}
		if len([]rune(got)) != len([]rune(p.T(id, args...))) {
			t.Errorf("Pseudo %s = %q: not as long as %q", id, got, p.T(id, args...))
		}
	}
}

// The language key names the other language in itself, and goes round.
func TestLangNameAndNext(t *testing.T) {
	if English.Name() != "English" || Welsh.Name() != "Cymraeg" {
		t.Errorf("names %q, %q", English.Name(), Welsh.Name())
	}
	if English.Next() != Welsh || Welsh.Next() != English || Lang("fr").Next() != English ||
		Lang("en-XA").Next() != Welsh || Lang("cy-GB").Base() != Welsh {
		t.Errorf("next of en %q, of cy %q", English.Next(), Welsh.Next())
	}
}
