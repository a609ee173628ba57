// Package sanitize makes outside text safe to draw on a terminal: text from
// users, cards and the database never moves the cursor, changes colours or
// reorders what is shown.
package sanitize

import (
	"strings"
	"unicode"
)

// Line returns s with control characters, escape sequences' introducers,
// bidirectional overrides and invisible characters removed, and any line
// break or tab made a space.
func Line(s string) string {
	return clean(s, false)
}

// Text is Line for text of several lines, such as an email body: line
// breaks stay (a CR LF or a lone CR becomes a LF), everything else is
// cleaned as Line cleans it.
func Text(s string) string {
	return clean(strings.ReplaceAll(s, "\r\n", "\n"), true)
}

// clean is Line, keeping line breaks as LF when lines is set.
func clean(s string, lines bool) string {
	if unchanged(s, lines) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for _, r := range s {
		switch {
		case lines && (r == '\n' || r == '\r'):
			sb.WriteByte('\n')
		case r == '\n' || r == '\r' || r == '\t':
			sb.WriteByte(' ')
		case drop(r):
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// unchanged reports whether s needs no change, the common case, without
// allocating.
func unchanged(s string, lines bool) bool {
	for _, r := range s {
		if r == '\r' || r == '\t' || (r == '\n' && !lines) || drop(r) {
			return false
		}
	}
	return true
}

// drop reports whether r must never reach a terminal or an email: C0 and
// C1 controls (ESC, CSI included), DEL, the replacement for invalid UTF-8,
// and every format character (Unicode category Cf: the bidirectional
// embeddings, overrides, isolates and marks, zero-width spaces and joiners,
// the word joiner, the byte order mark, soft hyphens, tag characters).
// Format characters draw nothing, so they can only reorder text or make
// two different names look the same. The Hangul fillers and the blank
// Braille pattern are letters and symbols that draw nothing either.
func drop(r rune) bool {
	switch {
	case r < 0x80:
		return r < 0x20 || r == 0x7f
	case unicode.IsControl(r), r == unicode.ReplacementChar, unicode.Is(unicode.Cf, r):
		return true
	case r == 0x115F, r == 0x1160, r == 0x3164, r == 0xFFA0, r == 0x2800:
		return true
	}
	return false
}
