package text

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
	"time"
	"unicode/utf8"
)

// welshTextLang builds welshText, welshPlural and welshEmails beside
// English, as the catalogue builds a registered language, so that they are
// checked whether or not a Welsh catalogue is registered yet: a form Welsh
// lacks or a template that does not parse fails here.
func welshTextLang(t *testing.T) *lang {
	t.Helper()
	c := &catalogue{lang: "cy", text: welshText, plural: welshPlural, emails: welshEmails}
	b, err := build(english, c)
	if err != nil {
		t.Fatal(err)
	}
	return b.langs[1]
}

// Welsh has words for exactly the IDs of englishText and englishPlural,
// plain where English is plain and plural where English is plural.
func TestWelshTextHasEveryID(t *testing.T) {
	for id := range englishText {
		if _, ok := welshText[id]; !ok {
			t.Errorf("welshText has no words for %s", id)
		}
	}
	for id := range welshText {
		if _, ok := englishText[id]; !ok {
			t.Errorf("welshText has words for %s, which englishText has not", id)
		}
	}
	for id, en := range englishPlural {
		cy, ok := welshPlural[id]
		if !ok {
			t.Errorf("welshPlural has no words for %s", id)
			continue
		}
		if cy.arg != en.arg {
			t.Errorf("welshPlural %s counts argument %d, English %d", id, cy.arg, en.arg)
		}
	}
	for id := range welshPlural {
		if _, ok := englishPlural[id]; !ok {
			t.Errorf("welshPlural has words for %s, which englishPlural has not", id)
		}
	}
}

// Every Welsh plural message fills all six of Welsh's forms, and the
// catalogue takes them.
func TestWelshTextPluralForms(t *testing.T) {
	want := languageForms(t, "cy")
	if len(want) != 6 {
		t.Fatalf("Welsh has plural forms %v, want six", want)
	}
	for id, f := range welshPlural {
		for form, words := range map[string]string{"zero": f.zero, "one": f.one, "two": f.two,
			"few": f.few, "many": f.many, "other": f.other} {
			if words == "" {
				t.Errorf("welshPlural %s has no %s form", id, form)
			}
		}
	}
	welshTextLang(t)
}

// Each Welsh message has the same placeholders as its English, well formed.
func TestWelshTextPlaceholders(t *testing.T) {
	cy := welshTextLang(t).cat
	for _, id := range slices.Concat(slices.Collect(maps.Keys(cy.text)), slices.Collect(maps.Keys(cy.plural))) {
		got, want := messagePlaceholders(t, cy, id), messagePlaceholders(t, english, id)
		if !maps.Equal(got, want) {
			t.Errorf("cy %s has placeholders %v, English %v", id,
				slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
}

// No Welsh message is the English left in place.
func TestWelshTextIsNotEnglish(t *testing.T) {
	for id, en := range englishText {
		if welshText[id] == en {
			t.Errorf("welshText %s is the English %q", id, en)
		}
	}
	for id, en := range englishPlural {
		if welshPlural[id].other == en.other {
			t.Errorf("welshPlural %s is the English %q", id, en.other)
		}
	}
}

// Welsh counts with the singular noun, mutating where the number asks.
func TestWelshTextWords(t *testing.T) {
	p := Printer{welshTextLang(t)}
	for _, c := range []struct {
		id   ID
		n    int
		want string
	}{
		{RuleMinLengthLabel, 8, "O leiaf 8 nod"},
		{RuleNotPreviousLabel, 1, "Nid y cyfredol na'r un olaf"},
		{RuleNotPreviousLabel, 4, "Nid y cyfredol na'r 4 olaf"},
		{DurationMinutes, 1, "1 munud"},
		{DurationMinutes, 2, "2 funud"},
		{DurationMinutes, 3, "3 munud"},
		{DurationMinutes, 30, "30 munud"},
		{DurationHours, 2, "2 awr"},
	} {
		if got := p.T(c.id, c.n); got != c.want {
			t.Errorf("T(%s, %d) = %q, want %q", c.id, c.n, got, c.want)
		}
	}
	if got := p.Duration(90 * time.Second); got != "90 eiliad" {
		t.Errorf("Duration(90s) = %q", got)
	}
}

// Welsh rule labels fit the checklist's column, whatever the number.
func TestWelshTextRuleLabelsFit(t *testing.T) {
	p := Printer{welshTextLang(t)}
	for id := range catalogueIDs(t, english) {
		if !strings.HasPrefix(string(id), "rule.") || !strings.HasSuffix(string(id), ".label") {
			continue
		}
		for _, n := range []int{0, 1, 2, 3, 6, 12, 128} {
			if got := p.T(id, n); utf8.RuneCountInString(got) > 29 {
				t.Errorf("cy %s is %d characters, more than the checklist's 29: %q", id, utf8.RuneCountInString(got), got)
			}
		}
	}
}

// templateActions returns what a template does with its data, as text,
// sorted: each action ({{.Code}}, {{duration .Lifetime}}), template call
// and condition, wherever the language puts it.
func templateActions(n parse.Node) []string {
	var out []string
	var walk func(parse.Node)
	branch := func(kind string, b *parse.BranchNode) {
		out = append(out, kind+" "+b.Pipe.String())
		walk(b.List)
		if b.ElseList != nil {
			walk(b.ElseList)
		}
	}
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode, *parse.TemplateNode:
			out = append(out, n.String())
		case *parse.IfNode:
			branch("if", &n.BranchNode)
		case *parse.RangeNode:
			branch("range", &n.BranchNode)
		case *parse.WithNode:
			branch("with", &n.BranchNode)
		}
	}
	walk(n)
	slices.Sort(out)
	return out
}

// welshEmails defines every template English does and no other, each
// using the same data, functions and templates; every email renders with
// every value it is given a place for.
func TestWelshEmails(t *testing.T) {
	cy := welshTextLang(t)
	en := catalogues.english
	names := func(l *lang) []string {
		var out []string
		for _, tmpl := range l.emails.Templates() {
			if tmpl.Name() != string(l.cat.lang) {
				out = append(out, tmpl.Name())
			}
		}
		slices.Sort(out)
		return out
	}
	if got, want := names(cy), names(en); !slices.Equal(got, want) {
		t.Fatalf("welshEmails defines %v, English %v", got, want)
	}
	for _, name := range names(en) {
		got := templateActions(cy.emails.Lookup(name).Tree.Root)
		want := templateActions(en.emails.Lookup(name).Tree.Root)
		if !slices.Equal(got, want) {
			t.Errorf("cy %s does %v, English %v", name, got, want)
		}
	}

	d := EmailData{First: "Siân", Username: "382SJONES01", Terminal: "WARD7-T1", Code: "K7Q2-M9XD-4TZP",
		URL: "https://esr.example.nhs.uk/reset", Trust: "Bwrdd Iechyd Prifysgol Enghraifft",
		Lifetime: 30 * time.Minute, Locked: 2 * time.Minute}
	want := map[ID][]string{
		EmailResetCodeBody:        {d.First, d.Username, d.Terminal, d.Code, d.URL, d.Trust, "ymhen 30 munud."},
		EmailUsernameReminderBody: {d.First, d.Username, d.Terminal, d.Code, d.URL, d.Trust, "ymhen 30 munud."},
		EmailPasswordChangedBody:  {d.First, d.Username, d.Terminal, d.Trust},
		EmailAccountLockedBody:    {d.First, d.Username, d.Terminal, d.Trust, "ymhen 2 funud."},
	}
	p := Printer{cy}
	for id, values := range want {
		body, err := p.Email(id, d)
		if err != nil {
			t.Errorf("cy %s: %v", id, err)
			continue
		}
		for _, v := range values {
			if !strings.Contains(body, v) {
				t.Errorf("cy %s does not say %q:\n%s", id, v, body)
			}
		}
		// A code or username stands on its own line after a colon.
		for _, v := range []string{d.Code, d.Username} {
			if strings.Contains(body, ":\n\n"+v+"\n") {
				continue
			}
			if v == d.Username && id != EmailUsernameReminderBody {
				continue
			}
			if v == d.Code && (id == EmailPasswordChangedBody || id == EmailAccountLockedBody) {
				continue
			}
			t.Errorf("cy %s does not set %q apart after a colon:\n%s", id, v, body)
		}
		if en, _ := For(English).Email(id, d); body == en {
			t.Errorf("cy %s is the English", id)
		}
	}
}
