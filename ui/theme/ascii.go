package theme

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/unicode/norm"
)

// ToASCII makes a frame drawable where the locale is not UTF-8: every
// rune outside ASCII becomes ASCII of the same width, so nothing moves —
// a letter loses its accent ("Zoë" is "Zoe"), a few common letters and
// marks have a look-alike, anything else is "?" a cell. Escape sequences
// are ASCII and pass through. A frame that is ASCII already comes back
// as it is, without allocating.
func ToASCII(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		b.WriteString(asciiRune(r))
	}
	return b.String()
}

// asciiRune is r in ASCII, as many cells wide as r.
func asciiRune(r rune) string {
	w := ansi.StringWidth(string(r))
	if w == 0 {
		return "" // a combining mark, a zero-width joiner
	}
	if a, ok := lookalike[r]; ok && w == 1 {
		return a
	}
	var out []byte
	for _, d := range norm.NFKD.String(string(r)) {
		if d < utf8.RuneSelf {
			out = append(out, byte(d))
		}
	}
	if len(out) == w {
		return string(out)
	}
	return strings.Repeat("?", w)
}

// lookalike is the ASCII for letters and marks that do not decompose.
var lookalike = map[rune]string{
	'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'ð': "d", 'Ð': "D",
	'ı': "i", 'ħ': "h", 'Ħ': "H", 'ŋ': "n", 'Ŋ': "N", 'ß': "s", 'æ': "a", 'Æ': "A",
	'œ': "o", 'Œ': "O", 'þ': "t", 'Þ': "T",
	'‘': "'", '’': "'", '‚': ",", '‛': "'", '“': "\"", '”': "\"", '„': "\"",
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '−': "-", '…': ".",
	'•': "*", '·': ".", '×': "x", '«': "<", '»': ">", '‹': "<", '›': ">",
	'\u00a0': " ", '\u2007': " ", '\u202f': " ",
}
