package text

import (
	"fmt"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// catalogue is one language's words: every ID is in exactly one of text,
// plural or (for an email body) the email templates.
type catalogue struct {
	lang   Lang
	text   map[ID]string // a format with numbered placeholders
	plural map[ID]forms  // words that change with a number
	emails string        // text/template source: {{define "<email body id>"}} for each
}

// has reports whether c has words for id that T can print.
func (c *catalogue) has(id ID) bool {
	if _, ok := c.text[id]; ok {
		return true
	}
	_, ok := c.plural[id]
	return ok
}

// forms are the words of one message for each plural form (CLDR's
// cardinal categories) of argument arg, counted from 1. A language fills
// exactly the forms it has: English one and other; Welsh all six.
type forms struct {
	arg                              int
	zero, one, two, few, many, other string
}

// cases returns f as plural.Selectf's cases, the forms left empty out.
func (f forms) cases() []any {
	var out []any
	for _, c := range []struct {
		form  string
		words string
	}{{"zero", f.zero}, {"one", f.one}, {"two", f.two}, {"few", f.few}, {"many", f.many}, {"other", f.other}} {
		if c.words != "" {
			out = append(out, c.form, c.words)
		}
	}
	return out
}

// catalogues are the languages, built once from the catalogue files at
// start and never changed after: every session reads them at once. (Built
// in init, as the email templates call back into Printer.)
var catalogues *built

func init() { catalogues = mustBuild(english, welsh) }

// built is every language of the catalogue, ready to print.
type built struct {
	langs   []*lang // English first
	english *lang
	matcher language.Matcher
}

// mustBuild builds the catalogues, English first. Words x/text cannot take
// (a plural form the language lacks, a template that does not parse) stop
// the program at start: the catalogue is part of the code.
func mustBuild(cats ...*catalogue) *built {
	b, err := build(cats...)
	if err != nil {
		panic(err)
	}
	return b
}

func build(cats ...*catalogue) (*built, error) {
	cb := catalog.NewBuilder(catalog.Fallback(language.English))
	out := &built{}
	tags := make([]language.Tag, 0, len(cats))
	for _, c := range cats {
		tag, err := language.Parse(string(c.lang))
		if err != nil {
			return nil, fmt.Errorf("text: catalogue language %q: %w", c.lang, err)
		}
		for id, s := range c.text {
			if err := cb.SetString(tag, string(id), s); err != nil {
				return nil, fmt.Errorf("text: %s %s: %w", c.lang, id, err)
			}
		}
		for id, f := range c.plural {
			if _, dup := c.text[id]; dup {
				return nil, fmt.Errorf("text: %s %s is both plain and plural", c.lang, id)
			}
			if err := cb.Set(tag, string(id), plural.Selectf(f.arg, "%d", f.cases()...)); err != nil {
				return nil, fmt.Errorf("text: %s %s: %w", c.lang, id, err)
			}
		}
		l := &lang{cat: c, printer: message.NewPrinter(tag, message.Catalog(cb))}
		emails, err := parseEmails(c, Printer{l})
		if err != nil {
			return nil, err
		}
		l.emails = emails
		out.langs = append(out.langs, l)
		tags = append(tags, tag)
	}
	out.english = out.langs[0]
	out.matcher = language.NewMatcher(tags)
	return out, nil
}

// union is one language's words kept in several maps, by area, as one map.
// An ID in two of them is a mistake in the catalogue, which stops the
// program at start.
func union[V any](parts ...map[ID]V) map[ID]V {
	out := map[ID]V{}
	for _, part := range parts {
		for id, v := range part {
			if _, dup := out[id]; dup {
				panic(fmt.Sprintf("text: %s has words twice", id))
			}
			out[id] = v
		}
	}
	return out
}
