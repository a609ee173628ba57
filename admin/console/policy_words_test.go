package console

import (
	"strings"
	"testing"
)

// The policy page's checklist says each rule in the catalogue's words and
// crosses the rules a tested password breaks.
func TestPolicyPageWords(t *testing.T) {
	f := newFixture(t)
	tm := f.open(f.ctx, 100, 30)
	tm.press("f3")
	tm.waitFor("Profile esr-2019")
	tm.press("tab", "tab", "tab")
	tm.tm.Type("abc12")
	tm.press("enter", "enter")
	tm.waitFor("This password breaks the rules marked with a cross.")
	for _, want := range []string{"✗ At least 8 characters", "✓ At most 128 characters", "✗ No runs like abc or 321",
		"✓ No character twice in a row"} {
		if !strings.Contains(tm.screen(), want) {
			t.Errorf("the checklist lacks %q:\n%s", want, tm.screen())
		}
	}
	tm.quit()
}
