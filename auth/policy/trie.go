package policy

// trie finds words of a short list inside a string of letters a to z. Each
// node is an array of child indexes, so a walk costs one load a letter.
type trie []trieNode

type trieNode struct {
	next [26]int32 // child for 'a'+i; 0 means none (the root is no child)
	word bool      // a word ends here
}

// newTrie builds a trie of the list's entries; it returns nil when an entry
// has a byte other than a to z.
func newTrie(l wordList) trie {
	t := trie{{}}
	for i := range l.len() {
		n := 0
		for _, c := range []byte(l.at(i)) {
			if c < 'a' || c > 'z' {
				return nil
			}
			if t[n].next[c-'a'] == 0 {
				t = append(t, trieNode{})
				t[n].next[c-'a'] = int32(len(t) - 1)
			}
			n = int(t[n].next[c-'a'])
		}
		t[n].word = true
	}
	return t
}

// within reports whether one of the trie's words is a substring of s.
func (t trie) within(s string) bool {
	for i := range len(s) {
		n := 0
		for j := i; j < len(s); j++ {
			c := s[j]
			if c < 'a' || c > 'z' {
				break
			}
			n = int(t[n].next[c-'a'])
			if n == 0 {
				break
			}
			if t[n].word {
				return true
			}
		}
	}
	return false
}

// hidden reports whether one of the trie's words is in the joined letters
// across a separator, as joined.hides decides for one term: "Tho-mas" or
// "T.h.o.m.a.s" hides thomas, "goth-omasum" does not.
func (t trie) hidden(j *joined) bool {
	s := j.s
	for i := range len(s) {
		n := 0
		for k := i; k < len(s); k++ {
			n = int(t[n].next[s[k]-'a'])
			if n == 0 {
				break
			}
			if t[n].word && j.across(i, k+1) {
				return true
			}
		}
	}
	return false
}
