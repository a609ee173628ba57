package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// How the short list of frequent names, matched as substrings, is chosen:
// the census's most frequent first names and surnames of at least
// frequentMinLen letters that are not ordinary words, nor inside one (so
// "allen" goes, being part of "fallen").
const (
	frequentFirstNames = 1200 // from each of the female and male lists
	frequentSurnames   = 2500
	frequentMinLen     = 5
)

// A name that is also an ordinary word ("grace", "brown", "banana") stays in
// the full names list only when it is among the census's commonest names;
// the rest ("banana", "numbers", "kitchen") would make ordinary words count
// as names.
const (
	wordFemaleNames = 1000
	wordMaleNames   = 500
	wordSurnames    = 2000
)

// nameSources are the name lists, each folded to letters; the census lists
// keep their frequency order.
type nameSources struct {
	censusSurnames, censusFemale, censusMale []string
	other                                    []string // unranked: zxcvbn-ts, cspell
}

func readNames(s *sources) (*nameSources, error) {
	var ns nameSources
	for _, l := range []struct {
		dst  *[]string
		path string
	}{
		{&ns.censusSurnames, "data/surnames.txt"},
		{&ns.censusFemale, "data/female_names.txt"},
		{&ns.censusMale, "data/male_names.txt"},
	} {
		*l.dst = nameLines(s.file(zxcvbnModule, l.path))
		if len(*l.dst) == 0 {
			return nil, fmt.Errorf("%s: %s is empty", zxcvbnModule, l.path)
		}
	}

	for _, path := range []string{"src/firstnames.json", "src/lastnames.json"} {
		var list []string
		if err := json.Unmarshal(s.file(pkgZxcvbnEN.Name, path), &list); err != nil {
			return nil, fmt.Errorf("%s %s: %w", pkgZxcvbnEN.Name, path, err)
		}
		for _, n := range list {
			if j := joined(n); j != "" {
				ns.other = append(ns.other, j)
			}
		}
	}

	// One name a line; '#' starts a comment; abbreviations such as "Corp."
	// are not names.
	ns.other = append(ns.other, nameLines(s.file(pkgPeopleNames.Name, "dict/people-names.txt"))...)
	return &ns, nil
}

// nameLines reads one name a line, skipping comments and abbreviations, and
// folds each to its letters.
func nameLines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasSuffix(line, ".") {
			continue
		}
		if j := joined(line); j != "" {
			out = append(out, j)
		}
	}
	return out
}

// buildNames returns the full names list and the short frequent-names list.
func buildNames(ns *nameSources, d *dictionary) (names, frequent []string) {
	keepWord := set{}
	for _, list := range [][]string{
		head(ns.censusFemale, wordFemaleNames),
		head(ns.censusMale, wordMaleNames),
		head(ns.censusSurnames, wordSurnames),
	} {
		for _, n := range list {
			keepWord.add(n)
		}
	}

	all := set{}
	for _, list := range [][]string{ns.censusSurnames, ns.censusFemale, ns.censusMale, ns.other} {
		for _, n := range list {
			if len(n) < minEntryLen {
				continue
			}
			if d.ordinary.has(n) && !keepWord.has(n) {
				continue
			}
			all.add(n)
		}
	}

	freq := set{}
	for _, list := range [][]string{
		head(ns.censusFemale, frequentFirstNames),
		head(ns.censusMale, frequentFirstNames),
		head(ns.censusSurnames, frequentSurnames),
	} {
		for _, n := range list {
			if len(n) >= frequentMinLen && !d.ordinary.has(n) && !d.inWord(n) {
				freq.add(n)
			}
		}
	}
	return all.sorted(), freq.sorted()
}

func head(list []string, n int) []string {
	if len(list) > n {
		return list[:n]
	}
	return list
}
