package policy

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/norm"
)

// Prepare returns a password as it is hashed, checked and counted: the
// PRECIS OpaqueString profile (RFC 8265), which maps the other spaces to
// the ASCII space, puts the password in NFC and refuses control and
// invisible characters (zero-width spaces and joiners, direction marks):
// they would let "a1" and six of them pass a length of 8, or split a word
// so that no rule sees it. ok is false for a password it refuses; prepared
// is then the password without those characters, for counting only. The
// empty password is prepared as itself.
func Prepare(password string) (prepared string, ok bool) {
	if printableASCII(password) { // as PRECIS leaves it, and most are
		return password, true
	}
	// PRECIS would read bytes that are not UTF-8 as U+FFFD and let them
	// through: a password of them could not be typed again.
	if utf8.ValidString(password) && !strings.ContainsRune(password, utf8.RuneError) {
		if p, err := precis.OpaqueString.String(password); err == nil {
			return p, true
		}
	}
	visible := norm.NFC.String(strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, password))
	if p, err := precis.OpaqueString.String(visible); err == nil {
		return p, false
	}
	return visible, false
}

// invisible reports whether r is a control, format or default-ignorable
// character (what PRECIS refuses and a screen does not show), or the
// replacement character that stands for bytes that are not UTF-8.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		r == unicode.ReplacementChar
}

// printableASCII reports whether s holds only the characters from space to
// tilde, which OpaqueString passes unchanged; "" is one of them.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
