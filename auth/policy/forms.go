package policy

import "strings"

// forms are the shapes of one password that the word rules look at.
type forms struct {
	readings []string // folded, then its leet-speak readings
	whole    uniq     // the letters of each reading joined
	tokens   uniq     // the runs of letters in each reading
	strict   uniq     // the tokens of the readings that left the ends alone
}

func newForms(pw string) *forms {
	f := &forms{}
	for _, r := range readings(Fold(pw)) {
		f.readings = append(f.readings, r.s)
		f.whole.add(lettersOnly(r.s))
		for _, t := range strings.FieldsFunc(r.s, notLetter) {
			f.tokens.add(t)
			if !r.loose {
				f.strict.add(t)
			}
		}
	}
	return f
}

// uniq collects distinct strings of at least minTermLen bytes, in the
// order first added.
type uniq struct {
	list []string
	seen map[string]bool // made once the list is too long to scan
}

func (u *uniq) add(s string) {
	if len(s) < minTermLen {
		return
	}
	if u.seen != nil {
		if !u.seen[s] {
			u.seen[s] = true
			u.list = append(u.list, s)
		}
		return
	}
	for _, l := range u.list {
		if l == s {
			return
		}
	}
	u.list = append(u.list, s)
	if len(u.list) > 16 {
		u.seen = make(map[string]bool, 2*len(u.list))
		for _, l := range u.list {
			u.seen[l] = true
		}
	}
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
	for _, w := range f.whole.list {
		if l.names.has(w) || l.places.has(w) {
			return true
		}
	}
	for _, t := range f.strict.list {
		if (l.names.has(t) || l.places.has(t)) && !l.nameWords.has(t) {
			return true
		}
	}
	for _, t := range f.tokens.list {
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
