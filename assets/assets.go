// Package assets holds the data files built into the kiosk binary. Each kind
// of asset has its own embedded file system in this package, read through
// io/fs; nothing here is written at run time.
package assets

import (
	"embed"
	"fmt"

	"github.com/wardkiosk/kiosk/text"
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

// Guide returns the Markdown text of the guide with the given name.
func Guide(name string) (string, error) {
	b, err := Guides.ReadFile("guides/" + name + ".md")
	if err != nil {
		return "", fmt.Errorf("guide %q: %w", name, err)
	}
	return string(b), nil
}
