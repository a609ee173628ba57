package assets

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wardkiosk/kiosk/text"
)

// guideShape is a guide's outline: a line for each heading ("##") and
// list item ("-" or "1."), so two guides of one shape have the same
// headings, steps and notes in the same places.
func guideShape(src string) []string {
	var shape []string
	for line := range strings.Lines(src) {
		s := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(s, "#"):
			shape = append(shape, s[:strings.IndexByte(s+" ", ' ')])
		case strings.HasPrefix(s, "- "), strings.HasPrefix(s, "* "), strings.HasPrefix(s, "+ "):
			shape = append(shape, "-")
		default:
			if n := len(s) - len(strings.TrimLeft(s, "0123456789")); n > 0 && n+1 < len(s) && strings.ContainsRune(".)", rune(s[n])) && s[n+1] == ' ' {
				shape = append(shape, "1.")
			}
		}
	}
	return shape
}

// placeholders lists the {name} placeholders in src, sorted.
func placeholders(src string) []string {
	var out []string
	for rest := src; ; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		out = append(out, rest[i:i+j+1])
		rest = rest[i+j+1:]
	}
	slices.Sort(out)
	return out
}

// Every English guide has a Welsh one as complete: the same headings and
// list items in the same order, and the same placeholders for the
// kiosk's times.
func TestEveryGuideInWelsh(t *testing.T) {
	names, err := fs.Glob(Guides, "guides/*.md")
	if err != nil || len(names) == 0 {
		t.Fatalf("no English guides: %v", err)
	}
	for _, info := range GuideList() {
		if !slices.Contains(names, "guides/"+info.Name+".md") {
			t.Errorf("the portal lists %q but there is no guides/%s.md", info.Name, info.Name)
		}
	}
	for _, name := range names {
		en, err := fs.ReadFile(Guides, name)
		if err != nil {
			t.Fatal(err)
		}
		cyName := "guides/cy/" + path.Base(name)
		cy, err := fs.ReadFile(Guides, cyName)
		if err != nil {
			t.Errorf("%s has no Welsh guide: %v", name, err)
			continue
		}
		enShape, cyShape := guideShape(string(en)), guideShape(string(cy))
		if !slices.Equal(enShape, cyShape) {
			t.Errorf("%s has the outline %q, but %s has %q", cyName, cyShape, name, enShape)
		}
		if e, c := placeholders(string(en)), placeholders(string(cy)); !slices.Equal(e, c) {
			t.Errorf("%s has the placeholders %q, but %s has %q", cyName, c, name, e)
		}
		if !strings.HasPrefix(string(cy), "# ") {
			t.Errorf("%s does not open with its title", cyName)
		}
	}
	// And no Welsh guide without an English one, which nothing would list.
	cyNames, _ := fs.Glob(Guides, "guides/cy/*.md")
	for _, name := range cyNames {
		if !slices.Contains(names, "guides/"+path.Base(name)) {
			t.Errorf("%s has no English guide", name)
		}
	}
}

// GuideIn reads the guide in the language asked for, by its primary
// subtag, and English for English and for anything else.
func TestGuideIn(t *testing.T) {
	for _, info := range GuideList() {
		en, err := Guide(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		cy, err := fs.ReadFile(Guides, "guides/cy/"+info.Name+".md")
		if err != nil {
			t.Fatal(err)
		}
		if en == string(cy) {
			t.Fatalf("%s: the Welsh guide is the English one", info.Name)
		}
		for lang, want := range map[text.Lang]string{
			"cy": string(cy), "cy-GB": string(cy), "CY_gb": string(cy),
			"en": en, "en-GB": en, "": en, "fr": en, "x": en,
			"cy/..": en, "../cy": en, "c.": en,
		} {
			got, err := GuideIn(lang, info.Name)
			if err != nil {
				t.Errorf("GuideIn(%q, %q): %v", lang, info.Name, err)
			} else if got != want {
				t.Errorf("GuideIn(%q, %q) is not the guide in the language wanted", lang, info.Name)
			}
		}
	}
	if _, err := GuideIn("cy", "no-such-guide"); err == nil {
		t.Error("a guide that does not exist, in Welsh, opened")
	}
}

// A guide missing in a language falls back to English; one missing in
// English too is an error.
func TestGuideFallsBackToEnglish(t *testing.T) {
	fsys := fstest.MapFS{
		"guides/a.md":    {Data: []byte("# A")},
		"guides/b.md":    {Data: []byte("# B")},
		"guides/cy/a.md": {Data: []byte("# A yn Gymraeg")},
	}
	for _, tc := range []struct {
		lang       text.Lang
		name, want string
	}{
		{"cy", "a", "# A yn Gymraeg"},
		{"cy", "b", "# B"},
		{"en", "a", "# A"},
	} {
		got, err := guideFrom(fsys, tc.lang, tc.name)
		if err != nil || got != tc.want {
			t.Errorf("guideFrom(%q, %q) = %q, %v; want %q", tc.lang, tc.name, got, err, tc.want)
		}
	}
	if _, err := guideFrom(fsys, "cy", "c"); err == nil {
		t.Error("a guide in no language opened")
	}
}
