package text

import (
	"strings"
	"sync"
)

// Pseudo returns a Printer that speaks pseudo-English: the English words
// with every ASCII letter swapped for an accented one of the same width,
// "Ĺóĝ íñ" for "Log in"; values (names, numbers) are left as they are.
// It is for tests, as pseudo-localisation is: on a screen drawn in
// pseudo-English, a plain letter came from the user's data, a key's name
// or a string that bypassed the catalogue, never from the catalogue.
func Pseudo() Printer { return Printer{pseudo()} }

// pseudo is the pseudo-English language, built the first time it is asked
// for: a kiosk never speaks it.
var pseudo = sync.OnceValue(func() *lang {
	c := &catalogue{lang: "en-XA", text: map[ID]string{}, plural: map[ID]forms{}, emails: english.emails}
	for id, s := range english.text {
		c.text[id] = accent(s)
	}
	for id, f := range english.plural {
		c.plural[id] = forms{arg: f.arg, zero: accent(f.zero), one: accent(f.one), two: accent(f.two),
			few: accent(f.few), many: accent(f.many), other: accent(f.other)}
	}
	return mustBuild(c).langs[0]
})

// accented are the letters Pseudo swaps a-z and A-Z for.
var accented = [2][]rune{
	[]rune("áƀçďéƒĝĥíĵķĺɱñóþǫŕšţúʋŵẋýž"),
	[]rune("ÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚƲŴẊÝŽ"),
}

// accent swaps the ASCII letters of a format for accented ones, leaving
// its placeholders (%[1]d, %%) as they are.
func accent(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		switch {
		case c == '%':
			// A placeholder runs to its verb, the first letter after it.
			j := i + 1
			for j < len(format) && !isASCIILetter(format[j]) && format[j] != '%' {
				j++
			}
			j = min(j, len(format)-1)
			b.WriteString(format[i : j+1])
			i = j
		case c >= 'a' && c <= 'z':
			b.WriteRune(accented[0][c-'a'])
		case c >= 'A' && c <= 'Z':
			b.WriteRune(accented[1][c-'A'])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
