package main

import (
	"strings"
	"unicode"

	"github.com/wardkiosk/kiosk/auth/policy"
)

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
	f := policy.Fold(s)
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
