package policy

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// testSubject is the user the table tests check passwords for.
var testSubject = Subject{
	FirstName: "Jo",
	LastName:  "Bloggs",
	Username:  "382JBLOGGS01",
	Email:     "joanne.bloggs-hart@example.nhs.uk",
	Role:      "Phlebotomist",
	Ward:      "Maple Ward",
}

// newPolicy returns a policy for the named profile on the embedded lists
// and the default forbidden words.
func newPolicy(tb testing.TB, profile string) *Policy {
	tb.Helper()
	p, err := Lookup(profile)
	if err != nil {
		tb.Fatal(err)
	}
	return New(p, sharedLists(tb), DefaultForbiddenWords())
}

var (
	listsOnce sync.Once
	lists     *Lists
	listsErr  error
)

// sharedLists loads the embedded lists once for all tests.
func sharedLists(tb testing.TB) *Lists {
	tb.Helper()
	listsOnce.Do(func() { lists, listsErr = LoadLists() })
	if listsErr != nil {
		tb.Fatal(listsErr)
	}
	return lists
}

// ruleIDs returns the rule ids of failures, in order.
func ruleIDs(fs []Failure) []string {
	ids := []string{}
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	return ids
}

// checkCase is one password and the rules it must fail, in order.
type checkCase struct {
	name     string
	password string
	subject  Subject
	want     []string
}

// runChecks runs a table of cases against one profile.
func runChecks(t *testing.T, profile string, cases []checkCase) {
	t.Helper()
	p := newPolicy(t, profile)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ruleIDs(p.Check(c.password, c.subject))
			want := c.want
			if want == nil {
				want = []string{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Check(%q) = %v, want %v", c.password, got, want)
			}
		})
	}
}

func TestCheckESR2019(t *testing.T) {
	long := strings.Repeat("Tqv7mzkw", 16) // 128 characters
	runChecks(t, "esr-2019", []checkCase{
		// min-length and max-length, in characters after NFC.
		{"8 characters", "Tqv7mzkw", Subject{}, nil},
		{"7 characters", "Tqv7mzk", Subject{}, []string{MinLength}},
		{"empty", "", Subject{}, []string{MinLength, LetterAndDigit}},
		{"128 characters", long, Subject{}, nil},
		{"129 characters", long + "b", Subject{}, []string{MaxLength}},
		{"emoji is one character", "Tqv7mzk😀", Subject{}, nil},
		{"6 letters and an emoji", "Tqv7mz😀", Subject{}, []string{MinLength}},
		{"combining accent joins its letter", "Tqv7mze\u0301", Subject{}, []string{MinLength}},
		{"accented letter", "Tqv7mzké", Subject{}, nil},

		// letter-and-digit.
		{"no digit", "Tqvxmzkw", Subject{}, []string{LetterAndDigit}},
		{"no letter", "73915824", Subject{}, []string{LetterAndDigit}},
		{"non-ASCII letter counts", "ß7391582", Subject{}, nil},

		// no-repeat: any case, digits and symbols too.
		{"dd", "Tqv7mzkdd", Subject{}, []string{NoRepeat}},
		{"Dd", "Tqv7mzkDd", Subject{}, []string{NoRepeat}},
		{"22", "Tq22vmzk", Subject{}, []string{NoRepeat}},
		{"!!", "Tqv7mz!!k", Subject{}, []string{NoRepeat}},
		{"d-d", "Tqv7mzd-d", Subject{}, nil},
		{"composed and decomposed é", "Tqv7mzé" + "e\u0301", Subject{}, []string{NoRepeat}},

		// no-sequence: 3 in order, up or down, letters or digits, any case.
		{"abc", "Tqv7abck", Subject{}, []string{NoSequence}},
		{"CBA", "TqCBA7wk", Subject{}, []string{NoSequence}},
		{"aBc", "Tqv7aBck", Subject{}, []string{NoSequence}},
		{"123", "Tq123vwk", Subject{}, []string{NoSequence}},
		{"987", "Tq987vwk", Subject{}, []string{NoSequence}},
		{"210", "Tqv7k210", Subject{}, []string{NoSequence}},
		{"abd", "Tqv7abdk", Subject{}, nil},
		{"ab-c", "Tqv7ab-ck", Subject{}, nil},
		{"9 then a", "Tqv7k89ab", Subject{}, nil},
		{"xyz", "Tq7vmxyz", Subject{}, []string{NoSequence}},

		// no-names: whole password, its words, frequent names inside words.
		{"place and year", "London2024", Subject{}, []string{NoNames}},
		{"first name, year, symbol", "Sarah1985!", Subject{}, []string{NoNames}},
		{"leet place", "L0nd0n24", Subject{}, []string{NoNames}},
		{"leet at the start", "5arah1985", Subject{}, []string{NoNames}},
		{"symbol for a letter", "$arah1985", Subject{}, []string{NoNames}},
		{"accented place", "Zürich19", Subject{}, []string{NoNames}},
		{"upper case place", "ZURICH19", Subject{}, []string{NoNames}},
		{"county", "Yorkshire7", Subject{}, []string{NoNames}},
		{"country", "Portugal7", Subject{}, []string{NoNames}},
		{"frequent name inside a word", "Ilovesarah8", Subject{}, []string{NoNames}},
		{"surname as a word of a phrase", "Dudley-lamp-tiger7", Subject{}, []string{NoNames}},
		{"place as a word of a phrase", "Tyne7Lamp", Subject{}, []string{NoNames}},
		{"place with a z as a word of a phrase", "Lamp-Zurich-7", Subject{}, []string{NoNames}},
		{"three-letter name", "Amy-7391", Subject{}, []string{NoNames}},
		{"frequent name with a z inside a word", "Ilovebeatriz8", Subject{}, []string{NoNames}},
		{"a count at the start is not read as a letter of a name", "8acorn-Grove-26", Subject{}, nil},
		{"joined place name", "Stokeontrent7", Subject{}, []string{NoNames}},
		{"ordinary word", "Carpet72x", Subject{}, nil},
		{"rare surname that is a word", "Kitchen7", Subject{}, nil},
		{"frequent name that is a word", "Grace2024", Subject{}, []string{NoNames}},
		{"name that is a word inside a phrase", "grace-lamp-tiger7", Subject{}, nil},
		{"name inside an ordinary word", "Harmonica-7x", Subject{}, nil},
		{"name inside another", "Chalice7x", Subject{}, nil},
		{"passphrase", "Mountain-Tiger-42", Subject{}, nil},

		// no-forbidden-words: configured words and the user's own details.
		{"configured word", "Kiosk-lamp-7", Subject{}, []string{NoForbiddenWords}},
		{"configured word, leet", "K!0sk-lamp-7", Subject{}, []string{NoForbiddenWords}},
		{"configured word in a word", "Wardrobe-7x", Subject{}, []string{NoForbiddenWords}},
		{"surname", "Bl0gs-lamp-7", testSubject, nil},
		{"surname, leet", "B10ggs-lamp7", testSubject, []string{NoRepeat, NoForbiddenWords}},
		{"first name under 3 letters", "Jo-lamp-tiger7", testSubject, nil},
		{"username letters", "Jblogz7-lamp", Subject{Username: "382JBLOGZ01"}, []string{NoForbiddenWords}},
		{"email part", "Joan-lamp-7", Subject{Email: "joan.hart@example.nhs.uk"}, []string{NoNames, NoForbiddenWords}},
		{"email part, not a name", "Tqv7-hart", Subject{Email: "joanne.bloggs-hart@example.nhs.uk"}, []string{NoForbiddenWords}},
		{"email local part joined", "Tqvm-lamp-7", Subject{Email: "q.vm@example.nhs.uk"}, []string{NoForbiddenWords}},
		{"email parts under 3 letters", "Tqv-lamp-7", Subject{Email: "q.vm@example.nhs.uk"}, nil},
		{"role", "Phlebotomist7x", testSubject, []string{NoForbiddenWords}},
		{"ward", "Maple-lamp7", testSubject, []string{NoForbiddenWords}},
		{"no subject", "Maple-lamp7", Subject{}, nil},

		// not-common.
		{"common password", "iloveyou1234", Subject{}, []string{NoSequence, NotCommon}},
		{"common, leet", "P@ssw0rd", Subject{}, []string{NoRepeat, NoForbiddenWords, NotCommon}},
		{"common, wholly look-alikes", "!$@83||@", Subject{}, []string{LetterAndDigit, NoRepeat, NoNames, NotCommon}},

		// Several at once, in table order.
		{"all the word rules", "Password123", Subject{}, []string{NoRepeat, NoSequence, NoForbiddenWords, NotCommon}},
		{"everything", "aab", Subject{}, []string{MinLength, LetterAndDigit, NoRepeat}},
	})
}

func TestCheckESR2021(t *testing.T) {
	runChecks(t, "esr-2021", []checkCase{
		{"11 characters", "Tqv7mzkwpbx", Subject{}, []string{MinLength}},
		{"12 characters", "Tqv7mzkwpbxr", Subject{}, nil},
		{"no digit needed", "Tqvxmzkwpbxr", Subject{}, nil},
		{"repeats and sequences allowed", "Tqv7abccwpbx", Subject{}, nil},
		{"names allowed", "London-Sarah-2024", Subject{}, nil},
		{"forbidden word", "Nhs-lamp-tiger", Subject{}, []string{NoForbiddenWords}},
		{"own surname", "Bloggs-lamp-tiger", testSubject, []string{NoForbiddenWords}},
		{"common", "iloveyou1234", Subject{}, []string{NotCommon}},
		{"short and forbidden", "Kiosk7", Subject{}, []string{MinLength, NoForbiddenWords}},
	})
}

func TestCheckNIST(t *testing.T) {
	runChecks(t, "nist-800-63b-4", []checkCase{
		{"14 characters", "Tqv7mzkwpbxrcf", Subject{}, []string{MinLength}},
		{"15 characters", "Tqv7mzkwpbxrcfh", Subject{}, nil},
		{"passphrase", "correct horse battery", Subject{}, nil},
		{"forbidden word", "my hospital lamp tiger", Subject{}, []string{NoForbiddenWords}},
		{"129 characters", strings.Repeat("x", 129), Subject{}, []string{MaxLength}},
	})
}

func TestRules(t *testing.T) {
	// A length of 0 turns its rule off (Profile).
	noLengths := New(Profile{Name: "no lengths", NoRepeat: true}, nil, nil)
	if got := ruleIDs(noLengths.Check("", Subject{})); len(got) != 0 {
		t.Errorf("no lengths: Check(\"\") = %v, want no failure", got)
	}
	if got := noLengths.Rules(); len(got) != 1 || got[0].ID != NoRepeat {
		t.Errorf("no lengths: Rules() = %v, want only %s", got, NoRepeat)
	}

	for _, c := range []struct {
		profile string
		want    []string
	}{
		{"esr-2019", []string{MinLength, MaxLength, LetterAndDigit, NotPrevious, NoRepeat, NoSequence, NoNames, NoForbiddenWords, NotCommon}},
		{"esr-2021", []string{MinLength, MaxLength, NotPrevious, NoForbiddenWords, NotCommon}},
		{"nist-800-63b-4", []string{MinLength, MaxLength, NoForbiddenWords, NotCommon}},
	} {
		t.Run(c.profile, func(t *testing.T) {
			p := newPolicy(t, c.profile)
			var got []string
			for _, r := range p.Rules() {
				got = append(got, r.ID)
				if r.LabelID == "" || r.GuidanceID == "" {
					t.Errorf("rule %s has no label or guidance", r.ID)
				}
				if r.OnSubmit != (r.ID == NotPrevious) {
					t.Errorf("rule %s: OnSubmit = %v", r.ID, r.OnSubmit)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Rules() = %v, want %v", got, c.want)
			}
		})
	}

	p := newPolicy(t, "esr-2019")
	if r := p.Rules()[0]; en.T(r.LabelID, r.N) != "At least 8 characters" {
		t.Errorf("min-length label = %q", en.T(r.LabelID, r.N))
	}
	if r := p.Rules()[3]; !strings.Contains(en.T(r.LabelID, r.N), "12") {
		t.Errorf("not-previous label %q does not say 12", en.T(r.LabelID, r.N))
	}
}

func TestChecklist(t *testing.T) {
	p := newPolicy(t, "esr-2019")
	items := p.Checklist("London2024", Subject{})
	rules := p.Rules()
	if len(items) != len(rules) {
		t.Fatalf("%d items for %d rules", len(items), len(rules))
	}
	for i, it := range items {
		if it.Rule != rules[i] {
			t.Errorf("item %d is rule %v, want %v", i, it.Rule, rules[i])
		}
		want := it.Rule.ID != NoNames && it.Rule.ID != NotPrevious
		if it.Passed != want {
			t.Errorf("item %s: Passed = %v, want %v", it.Rule.ID, it.Passed, want)
		}
	}
}

func TestPreviousFailure(t *testing.T) {
	for _, c := range []struct {
		profile string
		count   string
	}{{"esr-2019", "12"}, {"esr-2021", "4"}} {
		p, err := Lookup(c.profile)
		if err != nil {
			t.Fatal(err)
		}
		f := PreviousFailure(p)
		if f.Rule != NotPrevious || !strings.Contains(en.T(f.MessageID, f.N), c.count) || f.GuidanceID == "" {
			t.Errorf("PreviousFailure(%s) = %+v, want rule %s and a message naming %s", c.profile, f, NotPrevious, c.count)
		}
	}
	one := PreviousFailure(Profile{History: 1})
	if msg := en.T(one.MessageID, one.N); !strings.Contains(msg, "last one") {
		t.Errorf("history 1: %q", msg)
	}
}

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		name string
		want Profile
	}{
		{"esr-2019", Profile{Name: "esr-2019", MinLength: 8, MaxLength: 128, LetterAndDigit: true, History: 12,
			NoRepeat: true, NoSequence: true, NoNames: true, NoForbiddenWords: true, NotCommon: true}},
		{" ESR-2021 ", Profile{Name: "esr-2021", MinLength: 12, MaxLength: 128, History: 4, NoForbiddenWords: true, NotCommon: true}},
		{"nist-800-63b-4", Profile{Name: "nist-800-63b-4", MinLength: 15, MaxLength: 128, NoForbiddenWords: true, NotCommon: true}},
	} {
		got, err := Lookup(c.name)
		if err != nil || got != c.want {
			t.Errorf("Lookup(%q) = %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "esr-2020", "nist"} {
		if _, err := Lookup(bad); !errors.Is(err, ErrUnknownProfile) {
			t.Errorf("Lookup(%q) error = %v, want ErrUnknownProfile", bad, err)
		}
	}
	names := ProfileNames()
	if !reflect.DeepEqual(names, []string{"esr-2019", "esr-2021", "nist-800-63b-4"}) || names[0] != DefaultProfile {
		t.Errorf("ProfileNames() = %v", names)
	}
}

func TestDefaultForbiddenWords(t *testing.T) {
	words := DefaultForbiddenWords()
	for _, w := range []string{"esr", "nhs", "password", "kiosk", "trust", "ward", "nurse", "doctor", "hospital", "health", "patient"} {
		if !contains(words, w) {
			t.Errorf("DefaultForbiddenWords() lacks %q", w)
		}
	}
	words[0] = "changed"
	if DefaultForbiddenWords()[0] == "changed" {
		t.Error("DefaultForbiddenWords returns shared state")
	}
}

func TestForbiddenConfigured(t *testing.T) {
	p, err := Lookup("esr-2021")
	if err != nil {
		t.Fatal(err)
	}
	pol := New(p, sharedLists(t), []string{"St Elsewhere", "x7", "  ", "Ward B10", "C19"})
	for pw, want := range map[string]bool{
		"lamp-tiger-b10-grove": true,  // a ward code keeps its digits
		"lamp-tiger-c19-grove": true,  // whether it has a 9
		"elsewhere-lamp-tiger": true,  // a word of a configured phrase
		"stelsewhere-lamp-ti":  true,  // the phrase joined
		"lamp-tiger-x7-grace":  false, // shorter than 3: ignored
		"password-lamp-tiger":  false, // not configured here
	} {
		if got := contains(ruleIDs(pol.Check(pw, Subject{})), NoForbiddenWords); got != want {
			t.Errorf("%q: forbidden = %v, want %v", pw, got, want)
		}
	}
}

func TestSubjectTerms(t *testing.T) {
	got := testSubject.terms()
	want := []string{"bloggs", "jbloggs", "joannebloggshart", "joanne", "hart", "phlebotomist", "mapleward", "maple", "ward"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("terms() = %q, want %q", got, want)
	}
	// Only the local part of an email counts, even an empty one: the
	// Trust's domain is in everyone's address.
	if got := (Subject{Email: "@royal-infirmary.example"}).terms(); len(got) != 0 {
		t.Errorf("terms() of an email with no local part = %q, want none", got)
	}
}

func TestNilLists(t *testing.T) {
	p, err := Lookup(DefaultProfile)
	if err != nil {
		t.Fatal(err)
	}
	pol := New(p, nil, nil)
	if len(pol.Rules()) != 9 || pol.Profile() != p {
		t.Fatal("a policy without lists still describes its rules")
	}
	defer func() {
		if recover() == nil {
			t.Error("Check without lists did not panic")
		}
	}()
	pol.Check("Tqv7mzkw", Subject{})
}

func TestConcurrentChecks(t *testing.T) {
	p := newPolicy(t, "esr-2019")
	want := make([][]Failure, len(benchPasswords))
	for i, pw := range benchPasswords {
		want[i] = p.Check(pw, testSubject)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range benchPasswords {
				k := (i + g) % len(benchPasswords)
				if got := p.Check(benchPasswords[k], testSubject); !reflect.DeepEqual(got, want[k]) {
					t.Errorf("goroutine %d: %q gave %v, want %v", g, benchPasswords[k], got, want[k])
				}
			}
		})
	}
	wg.Wait()
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
