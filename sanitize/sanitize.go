// Package sanitize makes outside text safe to draw on a terminal: text from
// users, cards and the database never moves the cursor, changes colours or
// reorders what is shown.
package sanitize

import (
	"strings"
	"unicode"
)

// Line returns s with control characters, escape sequences' introducers and
// bidirectional overrides removed, and any line break or tab made a space.
func Line(s string) string {
	if clean(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			sb.WriteByte(' ')
		case drop(r):
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// clean reports whether s needs no change, the common case, without
// allocating.
func clean(s string) bool {
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || drop(r) {
			return false
		}
	}
	return true
}

// drop reports whether r must never reach a terminal: C0 and C1 controls
// (ESC, CSI included), DEL, the replacement for invalid UTF-8, and the
// bidirectional embedding, override and isolate controls.
func drop(r rune) bool {
	switch {
	case unicode.IsControl(r), r == unicode.ReplacementChar:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}
