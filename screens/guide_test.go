package screens

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/assets"
	"github.com/wardkiosk/kiosk/text"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// The guides tell staff this kiosk's own times, not the defaults.
func TestGuidesSayTheConfiguredTimes(t *testing.T) {
	env := &Env{Text: en, IdleTimeout: 2 * time.Minute, IdleWarning: 15 * time.Second, CodeLifetime: 45 * time.Minute}
	var all strings.Builder
	for _, info := range assets.GuideList() {
		g, err := openGuide(env, info)
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(g.body, "{}") {
			t.Errorf("%s keeps a placeholder:\n%s", info.Name, g.body)
		}
		all.WriteString(g.body)
	}
	for _, want := range []string{"for 2 minutes it logs you out", "a warning of 15 seconds", "only for 45 minutes"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no guide says %q", want)
		}
	}
	// Unset, the defaults; a time of no whole minutes in seconds.
	env = &Env{Text: en, IdleWarning: 90 * time.Second}
	g, err := openGuide(env, assets.GuideList()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"for 5 minutes it logs you out", "a warning of 90 seconds", "only for 30 minutes"} {
		if !strings.Contains(g.body, want) {
			t.Errorf("with the defaults, the guide does not say %q", want)
		}
	}
}

// welshTimes stands in for the kiosk's times, as the Welsh catalogue says
// them, where the guides have placeholders.
var welshTimes = strings.NewReplacer("{idle}", "5 munud", "{warning}", "30 eiliad", "{code}", "30 munud")

// The Welsh guides fit a 72-column kiosk, and the narrower box of the
// portal, as the English ones do: no line too wide and no word broken
// across lines, however long Welsh words run.
func TestWelshGuidesWrapWholeWords(t *testing.T) {
	for _, th := range []theme.Theme{theme.New(theme.Default, theme.Unicode, false), theme.New(theme.Default, theme.ASCII, true)} {
		for _, info := range assets.GuideList() {
			src, err := assets.GuideIn("cy", info.Name)
			if err != nil {
				t.Fatal(err)
			}
			if en := mustGuide(t, info.Name); src == en {
				t.Fatalf("%s: no Welsh guide", info.Name)
			}
			body := dropTitle(welshTimes.Replace(src))
			want := map[string]int{}
			for _, w := range strings.Fields(strings.NewReplacer("**", "", "`", "").Replace(body)) {
				want[w]++
			}
			for _, width := range []int{72, 64} {
				got := map[string]int{}
				for _, l := range plainMarkdown(t, body, width, th) {
					for _, w := range strings.Fields(l) {
						got[w]++
					}
				}
				for w, n := range want {
					if strings.Trim(w, "#-*+.)0123456789") == "" {
						continue // a heading's or list item's marker
					}
					if got[w] < n {
						t.Errorf("%s at %d columns: %q is broken across lines (%d of %d whole)", info.Name, width, w, got[w], n)
					}
				}
			}
		}
	}
}

// A guide opens in the language the portal speaks.
func TestGuideOpensInThePrintersLanguage(t *testing.T) {
	cy := text.For("cy")
	if cy.Lang() != "cy" {
		t.Skip("the text catalogue has no Welsh yet")
	}
	info := assets.GuideList()[0]
	want, err := assets.GuideIn("cy", info.Name)
	if err != nil {
		t.Fatal(err)
	}
	g, err := openGuide(&Env{Text: cy}, info)
	if err != nil {
		t.Fatal(err)
	}
	if first := strings.SplitN(strings.TrimSpace(g.body), "\n", 2)[0]; !strings.Contains(want, first) {
		t.Errorf("the guide opened in Welsh begins %q, not the Welsh guide", first)
	}
	g, err = openGuide(&Env{Text: en}, info)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(want, strings.SplitN(strings.TrimSpace(g.body), "\n", 2)[0]) {
		t.Error("the guide opened in English is the Welsh one")
	}
}
