// Package assets holds the data files built into the kiosk binary. Each kind
// of asset has its own embedded file system in this package, read through
// io/fs; nothing here is written at run time.
package assets

import (
	"embed"
	"fmt"
)

// WordLists holds the password policy's word lists as wordlists/*.txt.gz:
// gzipped text, one entry a line, sorted, made by tools/genwordlists. Their
// sources and licences are in wordlists/ATTRIBUTION.md beside them.
//
//go:embed wordlists/*.txt.gz
var WordLists embed.FS

// Guides holds the user guides the portal lists, as guides/<name>.md: the
// Markdown subset the portal's renderer draws (headings, paragraphs,
// bulleted and numbered lists, bold). Each opens with "# <title>".
//
//go:embed guides/*.md
var Guides embed.FS

// GuideInfo names one user guide.
type GuideInfo struct {
	Name  string // the file's name in Guides without ".md", stable for ids
	Title string // as the portal lists it (DESIGN §3), and the file's heading
}

// GuideList returns the guides in the order the portal lists them, the
// order the ESR login guide names their topics.
func GuideList() []GuideInfo {
	return []GuideInfo{
		{Name: "trust-computer", Title: "Accessing ESR on a Trust computer"},
		{Name: "other-devices", Title: "Accessing ESR from other devices"},
		{Name: "booking-a-class", Title: "Booking onto a class"},
		{Name: "e-learning", Title: "Searching e-learning courses"},
	}
}

// Guide returns the Markdown text of the guide with the given name.
func Guide(name string) (string, error) {
	b, err := Guides.ReadFile("guides/" + name + ".md")
	if err != nil {
		return "", fmt.Errorf("guide %q: %w", name, err)
	}
	return string(b), nil
}
