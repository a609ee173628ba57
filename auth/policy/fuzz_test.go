package policy

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/wardkiosk/kiosk/text"
)

// FuzzCheck checks that Check never panics, gives the same answer twice and
// for canonically equal spellings, agrees with Checklist, and never puts
// the password into a message.
func FuzzCheck(f *testing.F) {
	for _, pw := range benchPasswords {
		f.Add(pw, "Jane", "jane.smith@example.nhs.uk")
	}
	for _, pw := range []string{"", "a", "aab", "L0nd0n2024", "Zu\u0308rich", "\xff\xfe", "1!|@$", strings.Repeat("ab1", 60)} {
		f.Add(pw, "", "")
	}
	p := newPolicy(f, DefaultProfile)
	statics, ids := staticTexts(p.Profile())

	f.Fuzz(func(t *testing.T, password, first, email string) {
		s := Subject{FirstName: first, LastName: "Smith", Username: "382JSMITH01", Email: email, Role: "Nurse", Ward: "Ward 7"}
		got := p.Check(password, s)
		if again := p.Check(password, s); !reflect.DeepEqual(got, again) {
			t.Fatalf("Check(%q) gave %v, then %v", password, got, again)
		}
		if utf8.ValidString(password) {
			if nfd := p.Check(norm.NFD.String(password), s); !reflect.DeepEqual(got, nfd) {
				t.Fatalf("Check(%q) = %v, but its NFD form gives %v", password, got, nfd)
			}
		}

		failed := map[string]bool{}
		for _, fl := range got {
			failed[fl.Rule] = true
			msg, guidance := en.T(fl.MessageID, fl.N), en.T(fl.GuidanceID, fl.N)
			if ids[fl.Rule] != fl.MessageID+" "+fl.GuidanceID || !statics[msg] || !statics[guidance] {
				t.Fatalf("failure %+v is not one of the profile's fixed texts", fl)
			}
			if utf8.RuneCountInString(password) >= 4 && !inAny(statics, password) &&
				(strings.Contains(msg, password) || strings.Contains(guidance, password)) {
				t.Fatalf("failure %+v quotes the password %q", fl, password)
			}
		}
		for _, it := range p.Checklist(password, s) {
			if want := !it.Rule.OnSubmit && !failed[it.Rule.ID]; it.Passed != want {
				t.Fatalf("Checklist(%q): %s passed = %v, Check says %v", password, it.Rule.ID, it.Passed, want)
			}
		}
	})
}

// en is the catalogue's English, in which the tests read the rules' words.
var en = text.For(text.English)

// staticTexts returns every message and guidance the profile can give, in
// English, and the ids of each rule's message and guidance.
func staticTexts(p Profile) (map[string]bool, map[string]text.ID) {
	out, ids := map[string]bool{}, map[string]text.ID{}
	for _, r := range rules(p) {
		f := r.failure()
		out[en.T(f.MessageID, f.N)] = true
		out[en.T(f.GuidanceID, f.N)] = true
		ids[r.id] = r.message + " " + r.guidance
	}
	c := CharactersFailure()
	out[en.T(c.MessageID)], out[en.T(c.GuidanceID)] = true, true
	ids[Characters] = c.MessageID + " " + c.GuidanceID
	return out, ids
}

// inAny reports whether s is part of one of the texts, where finding it
// would prove nothing.
func inAny(texts map[string]bool, s string) bool {
	for t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}
