package text

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// declaredIDs returns every constant of type ID declared in the package's
// own files, by name, read from the source so that a new ID cannot be
// forgotten by a hand-kept list.
func declaredIDs(t *testing.T) map[string]ID {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]ID{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "ID" {
					continue
				}
				for i, n := range vs.Names {
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: ID %s is not a string literal", fset.Position(n.Pos()), n.Name)
					}
					v, _ := strconv.Unquote(lit.Value)
					out[n.Name] = ID(v)
				}
			}
		}
	}
	if len(out) < 40 {
		t.Fatalf("found only %d IDs: is the parsing broken?", len(out))
	}
	return out
}

// catalogueIDs returns every ID c has words for, messages and emails.
func catalogueIDs(t *testing.T, c *catalogue) map[ID]bool {
	t.Helper()
	out := map[ID]bool{}
	for id := range c.text {
		out[id] = true
	}
	for id := range c.plural {
		if out[id] {
			t.Errorf("%s: %s is both plain and plural", c.lang, id)
		}
		out[id] = true
	}
	for _, tmpl := range langOf(t, c).emails.Templates() {
		if strings.HasPrefix(tmpl.Name(), "email.") {
			out[ID(tmpl.Name())] = true
		}
	}
	return out
}

func langOf(t *testing.T, c *catalogue) *lang {
	t.Helper()
	for _, l := range catalogues.langs {
		if l.cat == c {
			return l
		}
	}
	t.Fatalf("catalogue %s is not built", c.lang)
	return nil
}

// allCatalogues are the languages the kiosk speaks, English first.
func allCatalogues() []*catalogue {
	out := make([]*catalogue, len(catalogues.langs))
	for i, l := range catalogues.langs {
		out[i] = l.cat
	}
	return out
}

// Every declared ID has English words, no two IDs share a value, and the
// English catalogue holds nothing that is not a declared ID.
func TestEveryIDHasEnglish(t *testing.T) {
	declared := declaredIDs(t)
	have := catalogueIDs(t, english)
	byValue := map[ID]string{}
	for name, id := range declared {
		if other, dup := byValue[id]; dup {
			t.Errorf("%s and %s are both %q", name, other, id)
		}
		byValue[id] = name
		if !have[id] {
			t.Errorf("%s (%q) has no English words", name, id)
		}
	}
	for id := range have {
		if _, ok := byValue[id]; !ok {
			t.Errorf("English has words for %q, which no ID constant declares", id)
		}
	}
}

// Every language has words for exactly the IDs English has.
func TestEveryIDInEveryLanguage(t *testing.T) {
	want := catalogueIDs(t, english)
	for _, c := range allCatalogues()[1:] {
		got := catalogueIDs(t, c)
		for id := range want {
			if !got[id] {
				t.Errorf("%s has no words for %s", c.lang, id)
			}
		}
		for id := range got {
			if !want[id] {
				t.Errorf("%s has words for %s, which English has not", c.lang, id)
			}
		}
	}
}

// placeholderRE is a well-formed placeholder: numbered, a count or a string.
var placeholderRE = regexp.MustCompile(`^%\[([1-9])\]([ds])`)

// placeholders returns the placeholders of format ("1d", "2s"), or an
// error naming the first that is not well formed.
func placeholders(format string) (map[string]bool, string) {
	out := map[string]bool{}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if strings.HasPrefix(format[i:], "%%") {
			i++
			continue
		}
		m := placeholderRE.FindStringSubmatch(format[i:])
		if m == nil {
			end := min(len(format), i+6)
			return nil, format[i:end]
		}
		out[m[1]+m[2]] = true
		i += len(m[0]) - 1
	}
	return out, ""
}

// messagePlaceholders returns the placeholders of one message of c, all
// plural forms together, checking each is well formed.
func messagePlaceholders(t *testing.T, c *catalogue, id ID) map[string]bool {
	t.Helper()
	formats := []string{c.text[id]}
	if f, ok := c.plural[id]; ok {
		formats = nil
		for i := 1; i < len(f.cases()); i += 2 {
			formats = append(formats, f.cases()[i].(string))
		}
	}
	all := map[string]bool{}
	for _, s := range formats {
		ps, bad := placeholders(s)
		if bad != "" {
			t.Errorf("%s %s: placeholder %q is not %%[n]d or %%[n]s: %q", c.lang, id, bad, s)
		}
		maps.Copy(all, ps)
		if strings.TrimSpace(s) != s || s == "" {
			t.Errorf("%s %s: empty, or spaces around the words: %q", c.lang, id, s)
		}
	}
	// Arguments are numbered 1, 2, ... with none skipped, each one kind.
	seen := map[byte]bool{}
	for p := range all {
		if seen[p[0]] {
			t.Errorf("%s %s: argument %c is both a count and a string", c.lang, id, p[0])
		}
		seen[p[0]] = true
	}
	for n := range len(seen) {
		if !seen[byte('1'+n)] {
			t.Errorf("%s %s: arguments %v skip %d", c.lang, id, slices.Sorted(maps.Keys(all)), n+1)
		}
	}
	if f, ok := c.plural[id]; ok && !all[strconv.Itoa(f.arg)+"d"] {
		t.Errorf("%s %s: plural on argument %d, which no form shows as a count %%[%d]d", c.lang, id, f.arg, f.arg)
	}
	return all
}

// Every message's placeholders are well formed, and every language has the
// same placeholders as English for each ID.
func TestPlaceholders(t *testing.T) {
	for _, c := range allCatalogues() {
		for id := range catalogueIDs(t, c) {
			if strings.HasSuffix(string(id), ".body") {
				continue // an email template, see TestEmails
			}
			got := messagePlaceholders(t, c, id)
			if c == english {
				continue
			}
			if want := messagePlaceholders(t, english, id); !maps.Equal(got, want) {
				t.Errorf("%s %s has placeholders %v, English %v", c.lang, id,
					slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
		}
	}
}

// languageForms returns the plural forms lang has, by CLDR's rules.
func languageForms(t *testing.T, lang Lang) map[string]bool {
	t.Helper()
	tag := language.MustParse(string(lang))
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	out := map[string]bool{}
	for n := range 1000 {
		out[names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]] = true
	}
	return out
}

// Every plural message has every form its language has, and no other.
func TestPluralForms(t *testing.T) {
	if got := languageForms(t, "cy"); len(got) != 6 {
		t.Fatalf("Welsh has plural forms %v, want six: is the CLDR table right?", got)
	}
	for _, c := range allCatalogues() {
		want := languageForms(t, c.lang)
		for id, f := range c.plural {
			got := map[string]bool{}
			cases := f.cases()
			for i := 0; i < len(cases); i += 2 {
				got[cases[i].(string)] = true
			}
			if !maps.Equal(got, want) {
				t.Errorf("%s %s has forms %v, want %v", c.lang, id, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
			}
		}
	}
}

// A plural form the language does not have stops the build.
func TestBuildRefusesAForeignPluralForm(t *testing.T) {
	bad := &catalogue{lang: English, plural: map[ID]forms{"x": {arg: 1, two: "%[1]d two", other: "%[1]d"}}}
	if _, err := build(bad); err == nil || !strings.Contains(err.Error(), "two") {
		t.Fatalf("build = %v, want an error about the form two", err)
	}
}

func TestPluralWords(t *testing.T) {
	p := For(English)
	for _, c := range []struct {
		id   ID
		n    int
		want string
	}{
		{RuleMinLengthLabel, 1, "At least 1 character"},
		{RuleMinLengthLabel, 8, "At least 8 characters"},
		{RuleNotPreviousLabel, 1, "Not current or last password"},
		{RuleNotPreviousLabel, 12, "Not current or last 12"},
		{DurationMinutes, 1, "1 minute"},
		{DurationMinutes, 90, "90 minutes"},
	} {
		if got := p.T(c.id, c.n); got != c.want {
			t.Errorf("T(%s, %d) = %q, want %q", c.id, c.n, got, c.want)
		}
	}
	// Arguments a message does not show are no clutter: every rule's words
	// take the rule's number.
	if got := p.T(RuleNoRepeatLabel, 8); got != "No character twice in a row" {
		t.Errorf("T(no-repeat label, 8) = %q", got)
	}
}

func TestDuration(t *testing.T) {
	p := For(English)
	for d, want := range map[time.Duration]string{
		30 * time.Second: "30 seconds", time.Second: "1 second", time.Minute: "1 minute", 2 * time.Minute: "2 minutes",
		time.Hour: "1 hour", 90 * time.Minute: "90 minutes", 2 * time.Hour: "2 hours", 24 * time.Hour: "24 hours",
		90 * time.Second: "90 seconds", 61 * time.Minute: "61 minutes",
	} {
		if got := p.Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

// Dates read as the Go layouts "Mon 2 Jan 15:04" and "Mon 2 Jan 2006"
// wrote them, in the time's own location, the year never grouped.
func TestClockAndDate(t *testing.T) {
	p := For(English)
	for _, at := range []time.Time{
		time.Date(2025, 3, 14, 9, 5, 0, 0, time.UTC),
		time.Date(2026, 11, 29, 23, 59, 0, 0, time.FixedZone("X", 3600)),
		time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		for d := range 400 {
			at := at.AddDate(0, 0, d)
			if got, want := p.Clock(at), at.Format("Mon 2 Jan 15:04"); got != want {
				t.Fatalf("Clock(%v) = %q, want %q", at, got, want)
			}
			if got, want := p.Date(at), at.Format("Mon 2 Jan 2006"); got != want {
				t.Fatalf("Date(%v) = %q, want %q", at, got, want)
			}
		}
	}
}

// Rule labels fit the checklist's column in every language.
func TestRuleLabelsFit(t *testing.T) {
	for _, c := range allCatalogues() {
		p := For(c.lang)
		for id := range catalogueIDs(t, c) {
			if !strings.HasPrefix(string(id), "rule.") || !strings.HasSuffix(string(id), ".label") {
				continue
			}
			if got := p.T(id, 128); utf8.RuneCountInString(got) > 29 {
				t.Errorf("%s %s is %d characters, more than the checklist's 29: %q", c.lang, id, utf8.RuneCountInString(got), got)
			}
		}
	}
}

// Every email renders in every language with every field filled, and says
// every value it is given a place for.
func TestEmails(t *testing.T) {
	d := EmailData{First: "Jane", Username: "382JSMITH01", Terminal: "WARD7-T1", Code: "K7Q2-M9XD-4TZP",
		URL: "https://esr.example.nhs.uk/reset", Trust: "Example Valley NHS Trust",
		Lifetime: 30 * time.Minute, Locked: 15 * time.Minute}
	want := map[ID][]string{
		EmailResetCodeBody:        {d.First, d.Username, d.Terminal, d.Code, d.URL, d.Trust, "30"},
		EmailUsernameReminderBody: {d.First, d.Username, d.Terminal, d.Code, d.URL, d.Trust, "30"},
		EmailPasswordChangedBody:  {d.First, d.Username, d.Terminal, d.Trust},
		EmailAccountLockedBody:    {d.First, d.Username, d.Terminal, d.Trust, "15"},
	}
	for _, c := range allCatalogues() {
		p := For(c.lang)
		var bodies []ID
		for id := range catalogueIDs(t, c) {
			if strings.HasSuffix(string(id), ".body") {
				bodies = append(bodies, id)
			}
		}
		if len(bodies) != len(want) {
			t.Errorf("%s has emails %v, want %d", c.lang, bodies, len(want))
		}
		for id, values := range want {
			body, err := p.Email(id, d)
			if err != nil {
				t.Errorf("%s %s: %v", c.lang, id, err)
				continue
			}
			for _, v := range values {
				if !strings.Contains(body, v) {
					t.Errorf("%s %s does not say %q:\n%s", c.lang, id, v, body)
				}
			}
			if strings.Contains(body, "<no value>") || strings.Contains(body, "%!") {
				t.Errorf("%s %s has a hole:\n%s", c.lang, id, body)
			}
		}
	}
}
