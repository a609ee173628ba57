package screens

import (
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/assets"
)

// The guides tell staff this kiosk's own times, not the defaults.
func TestGuidesSayTheConfiguredTimes(t *testing.T) {
	env := &Env{IdleTimeout: 2 * time.Minute, IdleWarning: 15 * time.Second, CodeLifetime: 45 * time.Minute}
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
	if spell(0, 5*time.Minute) != "5 minutes" || spell(time.Minute, 0) != "1 minute" || spell(90*time.Second, 0) != "90 seconds" {
		t.Error("spell")
	}
}
