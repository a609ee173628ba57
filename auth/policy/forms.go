package policy

import "strings"

// forms are the shapes of one password that the word rules look at.
type forms struct {
	readings []string // folded, then its leet-speak readings
	whole    []string // the letters of each reading joined
	tokens   []string // the runs of letters in each reading
	strict   []string // the tokens of the readings that left the ends alone
}

func newForms(pw string) *forms {
	f := &forms{}
	for _, r := range readings(fold(pw)) {
		f.readings = append(f.readings, r.s)
		f.whole = addUnique(f.whole, lettersOnly(r.s))
		for _, t := range strings.FieldsFunc(r.s, notLetter) {
			f.tokens = addUnique(f.tokens, t)
			if !r.all {
				f.strict = addUnique(f.strict, t)
			}
		}
	}
	return f
}

// addUnique appends s to list if it is at least minTermLen long and not
// there yet.
func addUnique(list []string, s string) []string {
	if len(s) < minTermLen {
		return list
	}
	for _, l := range list {
		if l == s {
			return list
		}
	}
	return append(list, s)
}

// containsAny reports whether a reading of the password contains one of
// the folded terms.
func (f *forms) containsAny(terms []string) bool {
	for _, r := range f.readings {
		for _, t := range terms {
			if strings.Contains(r, t) {
				return true
			}
		}
	}
	return false
}

// hasName reports whether the password is a name or a place (its letters,
// read as leet-speak or not, are one), has a word that is one and is not
// also an ordinary word, or has a frequent name inside a word.
func (l *Lists) hasName(f *forms) bool {
	for _, w := range f.whole {
		if l.names.has(w) || l.places.has(w) {
			return true
		}
	}
	for _, t := range f.strict {
		if (l.names.has(t) || l.places.has(t)) && !l.nameWords.has(t) {
			return true
		}
	}
	for _, t := range f.tokens {
		if l.frequent.within(t) {
			return true
		}
	}
	return false
}

// isCommon reports whether the password, in lower case or read as
// leet-speak, is a common password.
func (l *Lists) isCommon(pw string, f *forms) bool {
	if l.common.has(strings.ToLower(pw)) {
		return true
	}
	for _, r := range f.readings {
		if l.common.has(r) {
			return true
		}
	}
	return false
}
