package screens

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/assets"
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
