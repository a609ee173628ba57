// Package policy is the Trust's password policy: profiles of rules (DESIGN
// §5), the checks, and the word lists of names, places and common passwords
// they match against.
//
// A Policy checks everything but not-previous, which needs the stored
// hashes: the auth core checks that on submit and reports PreviousFailure.
package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Policy checks passwords against one profile. It never changes after New,
// so any number of goroutines may use it.
type Policy struct {
	profile   Profile
	rules     []rule
	lists     *Lists
	forbidden []string // folded configured words
}

// New returns a policy for profile p, matching against lists and the
// configured forbidden words (DefaultForbiddenWords, say). lists may be nil
// for a policy used only for its Rules; Check then panics if the profile
// has no-names or not-common.
func New(p Profile, lists *Lists, forbidden []string) *Policy {
	return &Policy{profile: p, rules: rules(p), lists: lists, forbidden: forbiddenTerms(forbidden)}
}

// Profile returns the policy's profile.
func (p *Policy) Profile() Profile { return p.profile }

// Rules returns the profile's active rules in DESIGN §5's table order.
func (p *Policy) Rules() []Rule {
	out := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.public()
	}
	return out
}

// Item is one line of the Reset screen's live checklist.
type Item struct {
	Rule   Rule
	Passed bool // always false for an OnSubmit rule: the UI shows it as pending
}

// Checklist returns every active rule with whether the password meets it.
func (p *Policy) Checklist(password string, s Subject) []Item {
	failed := map[string]bool{}
	for _, f := range p.Check(password, s) {
		failed[f.Rule] = true
	}
	items := make([]Item, 0, len(p.rules))
	for _, r := range p.Rules() {
		items = append(items, Item{Rule: r, Passed: !r.OnSubmit && !failed[r.ID]})
	}
	return items
}

// Check returns every rule the password breaks, in table order, except
// not-previous. s is the user whose password it is. The rules see the
// password as Prepare leaves it; a password Prepare refuses fails
// Characters first, and its invisible characters are not counted.
func (p *Policy) Check(password string, s Subject) []Failure {
	pw, ok := Prepare(password)
	var f *forms // made when a rule needs them
	analyse := func() *forms {
		if f == nil {
			f = newForms(pw)
		}
		return f
	}

	var out []Failure
	if !ok {
		out = append(out, CharactersFailure())
	}
	for _, r := range p.rules {
		var failed bool
		switch r.id {
		case MinLength:
			failed = utf8.RuneCountInString(pw) < p.profile.MinLength
		case MaxLength:
			failed = utf8.RuneCountInString(pw) > p.profile.MaxLength
		case LetterAndDigit:
			failed = !strings.ContainsFunc(pw, unicode.IsLetter) || !strings.ContainsFunc(pw, unicode.IsDigit)
		case NotPrevious:
			continue
		case NoRepeat:
			failed = hasRepeat(pw)
		case NoSequence:
			failed = hasSequence(pw)
		case NoNames:
			failed = p.needLists().hasName(analyse())
		case NoForbiddenWords:
			failed = analyse().containsAny(p.forbidden) || analyse().containsAny(s.terms())
		case NotCommon:
			failed = p.needLists().isCommon(pw, analyse())
		}
		if failed {
			out = append(out, r.failure())
		}
	}
	return out
}

// needLists returns the lists, which a profile with no-names or not-common
// cannot do without.
func (p *Policy) needLists() *Lists {
	if p.lists == nil {
		panic("policy: Check needs the word lists for profile " + p.profile.Name + ": pass the Lists from LoadLists to New")
	}
	return p.lists
}

// hasRepeat reports whether two identical characters, in any case, are
// next to each other.
func hasRepeat(s string) bool {
	prev := rune(-1)
	for _, r := range s {
		r = unicode.ToLower(r)
		if r == prev {
			return true
		}
		prev = r
	}
	return false
}

// hasSequence reports whether 3 letters or 3 digits in a row go up or down
// by one each, in any case: abc, CBA, 123, 987.
func hasSequence(s string) bool {
	var a, b rune = -1, -1 // the two characters before r; -1 for none
	for _, r := range s {
		r = unicode.ToLower(r)
		if !seqClass(r) {
			r = -1
		}
		// Letters and digits are far apart in Unicode, and far from -1, so
		// steps of one never mix them nor take in a -1.
		if d := b - a; (d == 1 || d == -1) && r-b == d {
			return true
		}
		a, b = b, r
	}
	return false
}

// seqClass reports whether r can be part of a sequence.
func seqClass(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') }
