package policy

import "strings"

// forms are the shapes of one password that the word rules look at.
type forms struct {
	readings []string // folded, then its leet-speak readings
	whole    uniq     // the letters of each reading joined
	tokens   uniq     // the runs of letters in each reading
	strict   uniq     // the tokens of the readings that left the ends alone
	joined   []joined // the readings with separators inside, their letters joined
}

// joined is a reading's letters with the separators between them taken out
// ("smi-th" reads "smith"), and where each run of letters began and ended.
type joined struct {
	s          string
	start, end []bool // start[i]: a run begins at s[i]; end[i]: one ends just before s[i]
}

func newJoined(r string) (joined, bool) {
	j := joined{start: make([]bool, len(r)+1), end: make([]bool, len(r)+1)}
	b := make([]byte, 0, len(r))
	runs := 0
	for i := 0; i < len(r); i++ {
		if !isLetter(r[i]) {
			continue
		}
		if i == 0 || !isLetter(r[i-1]) {
			j.start[len(b)] = true
			runs++
		}
		b = append(b, r[i])
		if i+1 == len(r) || !isLetter(r[i+1]) {
			j.end[len(b)] = true
		}
	}
	if runs < 2 {
		return joined{}, false
	}
	j.s = string(b)
	return j, true
}

// hides reports whether t is in the joined letters across a separator,
// starting where a run of letters starts or ending where one ends: "smith"
// in "Smi-th" or "S-m-i-t-h", "password" in "Pass-word2024". A term that
// begins and ends inside two words ("esr" in "house-rabbit") is the
// passphrase's chance, not a disguise, and does not count.
func (j *joined) hides(t string) bool {
	for from := 0; ; {
		i := strings.Index(j.s[from:], t)
		if i < 0 {
			return false
		}
		i += from
		if j.across(i, i+len(t)) {
			return true
		}
		from = i + 1
	}
}

// across reports whether the letters s[i:end] span a separator and start
// where a run of letters starts or end where one ends.
func (j *joined) across(i, end int) bool {
	if !j.start[i] && !j.end[end] {
		return false
	}
	for k := i + 1; k < end; k++ {
		if j.start[k] {
			return true
		}
	}
	return false
}

func newForms(pw string) *forms {
	f := &forms{}
	for _, r := range readings(Fold(pw)) {
		f.readings = append(f.readings, r.s)
		if j, ok := newJoined(r.s); ok {
			f.joined = append(f.joined, j)
		}
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
// the folded terms, or hides one behind separators.
func (f *forms) containsAny(terms []string) bool {
	for _, r := range f.readings {
		for _, t := range terms {
			if strings.Contains(r, t) {
				return true
			}
		}
	}
	for i := range f.joined {
		for _, t := range terms {
			if f.joined[i].hides(t) {
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
	for i := range f.joined {
		if l.frequent.hidden(&f.joined[i]) {
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
