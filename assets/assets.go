// Package assets holds the data files built into the kiosk binary. Each kind
// of asset has its own embedded file system in this package, read through
// io/fs; nothing here is written at run time.
package assets

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/wardkiosk/kiosk/text"
)

// WordLists holds the password policy's word lists as wordlists/*.txt.gz:
// gzipped text, one entry a line, sorted, made by tools/genwordlists. Their
// sources and licences are in wordlists/ATTRIBUTION.md beside them.
//
//go:embed wordlists/*.txt.gz
var WordLists embed.FS

// Guides holds the user guides the portal lists, as guides/<name>.md in
// English and guides/<lang>/<name>.md in each other language (guides/cy/
// is Welsh): the Markdown subset the portal's renderer draws (headings,
// paragraphs, bulleted and numbered lists, bold). Each opens with
// "# <title>".
//
//go:embed guides/*.md guides/cy/*.md
var Guides embed.FS

// GuideInfo names one user guide.
type GuideInfo struct {
	Name string // the file's name in Guides without ".md", stable for ids
	// Title is the words the portal lists it by (DESIGN §3), in the text
	// catalogue; in English they are the file's heading.
	Title text.ID
}

// GuideList returns the guides in the order the portal lists them, the
// order the ESR login guide names their topics.
func GuideList() []GuideInfo {
	return []GuideInfo{
		{Name: "trust-computer", Title: text.GuideTrustComputer},
		{Name: "other-devices", Title: text.GuideOtherDevices},
		{Name: "booking-a-class", Title: text.GuideBookingClass},
		{Name: "e-learning", Title: text.GuideELearning},
	}
}

// Guide returns the Markdown text of the English guide with the given name.
func Guide(name string) (string, error) { return GuideIn(text.English, name) }

// GuideIn returns the Markdown text of the guide with the given name in
// lang ("cy", or a tag such as "cy-GB"), or the English one when there is
// none in lang: a guide in the wrong language is better than none, and a
// test keeps every English guide's Welsh one in place.
func GuideIn(lang text.Lang, name string) (string, error) {
	return guideFrom(Guides, lang, name)
}

// guideFrom reads a guide from fsys, laid out as Guides is.
func guideFrom(fsys fs.FS, lang text.Lang, name string) (string, error) {
	if dir := guideDir(lang); dir != "" {
		b, err := fs.ReadFile(fsys, "guides/"+dir+"/"+name+".md")
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("guide %q in %q: %w", name, lang, err)
		}
	}
	b, err := fs.ReadFile(fsys, "guides/"+name+".md")
	if err != nil {
		return "", fmt.Errorf("guide %q: %w", name, err)
	}
	return string(b), nil
}

// guideDir is the folder of lang's guides: its primary language subtag in
// lower case ("cy-GB" reads guides/cy), or "" for English and for anything
// that is not a language tag, which must not name a path.
func guideDir(lang text.Lang) string {
	base, _, _ := strings.Cut(strings.ToLower(string(lang)), "-")
	base, _, _ = strings.Cut(base, "_")
	if len(base) < 2 || len(base) > 3 || base == string(text.English) {
		return ""
	}
	for _, r := range base {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return base
}
