package text

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// ID names one message in the catalogue. IDs are stable: a translation is
// keyed by them, so an ID's meaning never changes; new words get a new ID.
type ID string

// Lang is a language the catalogue may speak, as a BCP 47 code: "en", "cy".
type Lang string

// English is the catalogue's first language and the fallback for any other.
const English Lang = "en"

// Name is the language's name in itself ("English", "Cymraeg"), whatever
// language the screen speaks: the key that switches to a language says
// it so that its speakers find it. A language the catalogue lacks is its
// code.
func (l Lang) Name() string {
	if n, ok := endonyms[l]; ok {
		return n
	}
	return string(l)
}

// Base is l without its region or variant: "en" of "en-GB".
func (l Lang) Base() Lang {
	base, _, _ := strings.Cut(string(l), "-")
	return Lang(strings.ToLower(base))
}

// Next is the catalogue language after l's, English after the last: the
// one the language key switches to.
func (l Lang) Next() Lang {
	langs := Languages()
	for i, x := range langs {
		if x == l.Base() {
			return langs[(i+1)%len(langs)]
		}
	}
	return English
}

// Msg is an ID with the values its words take: what the core hands to
// whoever shows it, who turns it into words with Printer.Text.
type Msg struct {
	ID   ID
	Args []any
}

// Printer says messages in one language. The zero Printer speaks English.
// A Printer is safe for use by any number of goroutines.
type Printer struct {
	l *lang
}

// For returns the Printer for lang: the catalogue language that matches it
// best ("cy-GB" is Welsh), or English when none does.
func For(lang Lang) Printer {
	_, i, conf := catalogues.matcher.Match(language.Make(string(lang)))
	if conf == language.No {
		return Printer{catalogues.english}
	}
	return Printer{catalogues.langs[i]}
}

// Languages returns the languages the catalogue speaks, English first.
func Languages() []Lang {
	out := make([]Lang, len(catalogues.langs))
	for i, l := range catalogues.langs {
		out[i] = l.cat.lang
	}
	return out
}

// Lang returns the language p speaks.
func (p Printer) Lang() Lang { return p.lang().cat.lang }

// T returns the words of id with args in p's language, or in English when
// p's language has none for it. An id no catalogue has panics in tests;
// elsewhere it shows as the id itself, which is ugly but says what to fix.
func (p Printer) T(id ID, args ...any) string {
	l := p.lang()
	if !l.cat.has(id) {
		l = catalogues.english
		if !l.cat.has(id) {
			return missing(id)
		}
	}
	return l.printer.Sprintf(string(id), args...)
}

// Text returns the words of m in p's language: T(m.ID, m.Args...).
func (p Printer) Text(m Msg) string { return p.T(m.ID, m.Args...) }

func (p Printer) lang() *lang {
	if p.l == nil {
		return catalogues.english
	}
	return p.l
}

// missing is what T gives for an id that no catalogue has: a failure in a
// test, so it is found before it ships, and the bare id on a screen.
func missing(id ID) string {
	if testing.Testing() {
		panic(fmt.Sprintf("text: no catalogue has words for id %q", id))
	}
	return "[" + string(id) + "]"
}

// lang is one language of the catalogue, ready to print.
type lang struct {
	cat     *catalogue
	printer *message.Printer
	emails  emailTemplates
}
