package main

import (
	"github.com/wardkiosk/kiosk/auth/policy"

	"bufio"
	"os"
	"sort"
	"strings"
)

// minEntryLen is the shortest entry kept in the name and place lists: the
// policy ignores shorter tokens, and two-letter names ("al", "jo") would only
// reject passwords by chance.
const minEntryLen = 3

// set is a set of strings.
type set map[string]struct{}

func (s set) add(w string)      { s[w] = struct{}{} }
func (s set) has(w string) bool { _, ok := s[w]; return ok }

// sorted returns the members in byte order, the order the policy searches.
func (s set) sorted() []string {
	out := make([]string, 0, len(s))
	for w := range s {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// dictionary holds the ordinary words of a British English word list: its
// entries written in lower case (capitalised ones are proper nouns, which
// are what the name lists are for) without apostrophes, folded.
type dictionary struct {
	ordinary set
	all      string // the ordinary words, each between newlines, for inWord
}

func readDictionary(path string) (*dictionary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := &dictionary{ordinary: set{}}
	var all strings.Builder
	all.WriteByte('\n')
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.ContainsRune(line, '\'') || strings.ToLower(line) != line {
			continue
		}
		w := policy.Fold(line)
		if !isLetters(w) || d.ordinary.has(w) {
			continue
		}
		d.ordinary.add(w)
		all.WriteString(w)
		all.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	d.all = all.String()
	return d, nil
}

// inWord reports whether w is part of a longer ordinary word.
func (d *dictionary) inWord(w string) bool {
	s := d.all
	for {
		i := strings.Index(s, w)
		if i < 0 {
			return false
		}
		// A match that is a whole word sits between two newlines.
		if s[i-1] != '\n' || s[i+len(w)] != '\n' {
			return true
		}
		s = s[i+len(w):]
	}
}
