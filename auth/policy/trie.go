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
