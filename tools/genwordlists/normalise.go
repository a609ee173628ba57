package main

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// fold lower-cases s, decomposes it (NFKD), drops the combining marks and
// spells out the Latin letters that do not decompose (ß, æ, ø, …), so that
// "Zürich" and "ZURICH" both become "zurich".
//
// auth/policy folds passwords the same way before it looks them up; keep the
// two in step (its tests check every list entry is already folded).
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if sp := spelled(r); sp != "" {
			b.WriteString(sp)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// spelled spells out the lower-case Latin letters that NFKD leaves whole;
// it returns "" for any other rune.
func spelled(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	case 'ŋ':
		return "n"
	case 'ħ':
		return "h"
	}
	return ""
}

// isLetters reports whether s is non-empty and only a to z.
func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// words folds s and splits it into its runs of letters; ok is false when a
// letter outside a to z remains (another script), so the entry is skipped.
func words(s string) (parts []string, ok bool) {
	f := fold(s)
	for _, r := range f {
		if unicode.IsLetter(r) && (r < 'a' || r > 'z') {
			return nil, false
		}
	}
	return strings.FieldsFunc(f, func(r rune) bool { return r < 'a' || r > 'z' }), true
}

// joined folds s and keeps only its letters: "Newcastle upon Tyne" gives
// "newcastleupontyne", "O'Brien" gives "obrien". It returns "" when s has
// letters of another script.
func joined(s string) string {
	parts, ok := words(s)
	if !ok {
		return ""
	}
	return strings.Join(parts, "")
}
