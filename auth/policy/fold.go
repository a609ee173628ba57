package policy

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, decomposes it (NFKD), drops the combining marks,
// spells out the Latin letters that do not decompose and reads look-alike
// letters of other scripts as the Latin ones they copy (Unicode's
// confusables skeleton, TS #39, kept to the letters it gives a to z), so
// that "Zürich", "ZURICH", "Ｚｕｒｉｃｈ" and "Zürісh" with a Cyrillic і and с
// all become "zurich". Passwords and the word-list entries
// (tools/genwordlists) are folded by this one function.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		// The skeleton looks at the character as written: Greek Ν is an N
		// but its small ν reads as v.
		if to := lookAlike(r); to != "" {
			b.WriteString(to)
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

// confusable is one entry of the generated look-alike table.
type confusable struct {
	r  rune
	to string
}

// lookAlike returns the letters a to z or digits that r, a character of
// another script, reads as, or "".
func lookAlike(r rune) string {
	if r < 0x80 {
		return ""
	}
	i, ok := slices.BinarySearchFunc(confusables[:], r, func(c confusable, r rune) int { return int(c.r - r) })
	if !ok {
		return ""
	}
	return confusables[i].to
}

// isLetter reports whether c is a letter a to z: after fold, the only
// letters the word lists hold.
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// notLetter is isLetter's complement for strings.FieldsFunc.
func notLetter(r rune) bool { return r < 'a' || r > 'z' }

// lettersOnly drops everything but the letters a to z from s.
func lettersOnly(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if isLetter(s[i]) {
			n++
		}
	}
	if n == len(s) {
		return s
	}
	b := make([]byte, 0, n)
	for i := 0; i < len(s); i++ {
		if isLetter(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
