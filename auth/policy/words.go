package policy

import (
	"strings"
)

// minTermLen is the length below which a forbidden or context word is
// ignored: shorter ones ("jo", "ed", "a&e") would match by chance.
const minTermLen = 3

// Subject is the user whose password is checked: their own details are
// context words the password must not contain.
type Subject struct {
	FirstName, LastName string
	Username            string // e.g. 382JSMITH01: only its letters count ("jsmith")
	Email               string // only the local part counts, whole and split on . _ -
	Role, Ward          string
}

// DefaultForbiddenWords returns the words a password may not contain when
// the configuration names none: the system's own words and everyday words
// of a hospital ward.
func DefaultForbiddenWords() []string {
	return []string{
		"esr", "nhs", "password", "passcode", "kiosk", "trust", "login", "logon",
		"welcome", "admin", "portal", "smartcard", "employee", "staff",
		"ward", "nurse", "doctor", "hospital", "health", "healthcare", "patient",
		"clinic", "clinical", "surgery", "theatre", "matron", "midwife",
		"consultant", "infirmary", "medical",
	}
}

// forbiddenTerms folds the configured words into the strings to look for:
// each word whole (spaces and punctuation dropped) and its parts, with
// digits kept ("ward7"), at least minTermLen long.
func forbiddenTerms(words []string) []string {
	var out []string
	for _, w := range words {
		out = addTerms(out, Fold(w), func(r rune) bool {
			return notLetter(r) && (r < '0' || r > '9')
		})
	}
	return out
}

// terms returns the subject's context words, folded: each detail whole
// (letters only) and split into its words. Digits do not count, so the
// username 382JSMITH01 gives "jsmith".
func (s Subject) terms() []string {
	local := s.Email
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	var out []string
	for _, f := range [...]string{s.FirstName, s.LastName, s.Username, local, s.Role, s.Ward} {
		out = addTerms(out, Fold(f), notLetter)
	}
	return out
}

// addTerms appends to out the parts of folded s that sep splits it into,
// and the parts joined, each once and at least minTermLen bytes long.
func addTerms(out []string, s string, sep func(rune) bool) []string {
	parts := strings.FieldsFunc(s, sep)
	add := func(t string) {
		if len(t) < minTermLen {
			return
		}
		for _, o := range out {
			if o == t {
				return
			}
		}
		out = append(out, t)
	}
	add(strings.Join(parts, "")) // one part joined is that part, added once
	for _, p := range parts {
		add(p)
	}
	return out
}
