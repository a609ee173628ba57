package policy

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/wardkiosk/kiosk/assets"
)

// The embedded list files, as tools/genwordlists names them.
const (
	fileNames     = "wordlists/names.txt.gz"
	filePlaces    = "wordlists/places.txt.gz"
	fileNameWords = "wordlists/name-words.txt.gz"
	fileFrequent  = "wordlists/frequent-names.txt.gz"
	fileCommon    = "wordlists/common-passwords.txt.gz"
)

// Lists are the word lists the policy matches passwords against: names,
// places and common passwords. Load them once with LoadLists and share them;
// they never change after loading, so any number of goroutines may use them.
type Lists struct {
	names     wordList // first names and surnames, whole-word match
	places    wordList // places, regions and countries, whole-word match
	nameWords wordList // names and places that are also ordinary words
	common    wordList // common passwords, lower case
	frequent  trie     // frequent names, substring match
}

// LoadLists decompresses and indexes the embedded word lists.
func LoadLists() (*Lists, error) {
	return loadLists(assets.WordLists)
}

func loadLists(fsys fs.FS) (*Lists, error) {
	l := &Lists{}
	for _, f := range []struct {
		dst  *wordList
		file string
	}{
		{&l.names, fileNames},
		{&l.places, filePlaces},
		{&l.nameWords, fileNameWords},
		{&l.common, fileCommon},
	} {
		wl, err := readWordList(fsys, f.file)
		if err != nil {
			return nil, err
		}
		*f.dst = wl
	}
	freq, err := readWordList(fsys, fileFrequent)
	if err != nil {
		return nil, err
	}
	l.frequent = newTrie(freq)
	if l.frequent == nil {
		return nil, fmt.Errorf("policy: word list %s: entries must be letters a to z", fileFrequent)
	}
	return l, nil
}

// wordList is a sorted list of distinct words kept as the file's text, one
// word a line, with the offset of each line: two allocations for the whole
// list, searched by bisection.
type wordList struct {
	text string
	offs []uint32 // start of each entry, then len(text)
}

// readWordList reads and checks one gzipped list.
func readWordList(fsys fs.FS, name string) (wordList, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return wordList{}, fmt.Errorf("policy: word list: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return wordList{}, fmt.Errorf("policy: word list %s: %w", name, err)
	}
	var buf bytes.Buffer
	buf.Grow(4 * len(raw))
	if _, err := io.Copy(&buf, zr); err != nil {
		return wordList{}, fmt.Errorf("policy: word list %s: %w", name, err)
	}
	wl, err := newWordList(buf.String())
	if err != nil {
		return wordList{}, fmt.Errorf("policy: word list %s: %w", name, err)
	}
	return wl, nil
}

// newWordList indexes text, which must hold sorted, distinct, non-empty
// entries, each ending in a newline.
func newWordList(text string) (wordList, error) {
	if text == "" {
		return wordList{}, fmt.Errorf("empty")
	}
	if text[len(text)-1] != '\n' {
		return wordList{}, fmt.Errorf("no newline at the end")
	}
	if len(text) > 1<<31 {
		return wordList{}, fmt.Errorf("too large")
	}
	wl := wordList{text: text, offs: make([]uint32, 0, strings.Count(text, "\n")+1)}
	prev := ""
	for start := 0; start < len(text); {
		end := start + strings.IndexByte(text[start:], '\n')
		w := text[start:end]
		// "" sorts first: an empty line is out of order wherever it is.
		if w <= prev {
			return wordList{}, fmt.Errorf("line %d: empty, out of order or repeated", len(wl.offs)+1)
		}
		wl.offs = append(wl.offs, uint32(start))
		prev, start = w, end+1
	}
	wl.offs = append(wl.offs, uint32(len(text)))
	return wl, nil
}

// len returns the number of entries.
func (l *wordList) len() int { return max(len(l.offs)-1, 0) }

// at returns entry i.
func (l *wordList) at(i int) string { return l.text[l.offs[i] : l.offs[i+1]-1] }

// has reports whether w is in the list.
func (l *wordList) has(w string) bool {
	lo, hi := 0, l.len()
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := strings.Compare(l.at(m), w); {
		case c == 0:
			return true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return false
}
