package text

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// formatsOf returns every format of a plural message, by form name, the
// empty ones too.
func formatsOf(f forms) map[string]string {
	return map[string]string{"zero": f.zero, "one": f.one, "two": f.two, "few": f.few, "many": f.many, "other": f.other}
}

// placeholdersOf returns the placeholders of formats together, failing
// the test on one that is not well formed.
func placeholdersOf(t *testing.T, id ID, formats ...string) map[string]bool {
	t.Helper()
	all := map[string]bool{}
	for _, s := range formats {
		ps, bad := placeholders(s)
		if bad != "" {
			t.Errorf("%s: placeholder %q is not %%[n]d or %%[n]s: %q", id, bad, s)
		}
		maps.Copy(all, ps)
	}
	return all
}

// Welsh has words for every screen ID English has, plain where English is
// plain and plural where it is plural, and for no other.
func TestWelshScreensHaveEveryID(t *testing.T) {
	for id := range englishScreens {
		if _, ok := welshScreens[id]; !ok {
			t.Errorf("welshScreens has no words for %s", id)
		}
	}
	for id := range welshScreens {
		if _, ok := englishScreens[id]; !ok {
			t.Errorf("welshScreens has words for %s, which englishScreens has not", id)
		}
	}
	for id := range englishScreensPlural {
		if _, ok := welshScreensPlural[id]; !ok {
			t.Errorf("welshScreensPlural has no words for %s", id)
		}
	}
	for id := range welshScreensPlural {
		if _, ok := englishScreensPlural[id]; !ok {
			t.Errorf("welshScreensPlural has words for %s, which englishScreensPlural has not", id)
		}
	}
}

// Every Welsh message has the placeholders of its English one, no more and
// no fewer, and every Welsh plural message fills all six of Welsh's forms
// and counts on the same argument as English.
func TestWelshScreensPlaceholders(t *testing.T) {
	if got := languageForms(t, "cy"); len(got) != 6 {
		t.Fatalf("Welsh has plural forms %v, want six", got)
	}
	for id, cy := range welshScreens {
		en, ok := englishScreens[id]
		if !ok {
			continue // TestWelshScreensHaveEveryID
		}
		if strings.TrimSpace(cy) != cy || cy == "" {
			t.Errorf("%s: empty, or spaces around the words: %q", id, cy)
		}
		if got, want := placeholdersOf(t, id, cy), placeholdersOf(t, id, en); !maps.Equal(got, want) {
			t.Errorf("%s has placeholders %v, English %v: %q", id, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)), cy)
		}
	}
	for id, cy := range welshScreensPlural {
		en, ok := englishScreensPlural[id]
		if !ok {
			continue
		}
		if cy.arg != en.arg {
			t.Errorf("%s counts on argument %d, English on %d", id, cy.arg, en.arg)
		}
		want := placeholdersOf(t, id, en.one, en.other)
		for form, s := range formatsOf(cy) {
			if strings.TrimSpace(s) != s || s == "" {
				t.Errorf("%s %s: empty, or spaces around the words: %q", id, form, s)
				continue
			}
			if got := placeholdersOf(t, id, s); !maps.Equal(got, want) {
				t.Errorf("%s %s has placeholders %v, English %v: %q", id, form, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)), s)
			}
		}
	}
}

// Welsh words that the screens draw in a fixed space fit it in the
// narrowest window, 72x24, where the box's body is 64 columns wide: a
// field label leaves a space in the 17-column label column
// (screens.labelWidth), the card reader's state fits the status bar, a
// checklist line fits its 29-column column, and a
// section's guidance (cut with "..." when too long) and the idle
// warning's lines (a box 8 columns wider than its words) fit in one line.
func TestWelshScreensFit(t *testing.T) {
	limits := map[int][]ID{
		16: {FieldUsername, FieldPassword, FieldWorkEmail, FieldDateOfBirth, FieldResetCode, FieldConfirmPassword,
			FieldCurrentPassword, FieldNewPassword, FieldConfirmNew, FieldPasscode,
			PortalRole, PortalWard, PortalLastSignIn},
		// Beside "Terfynell <name>" and the longest clock, "Gwen 29 Chwef 09:00".
		25: {StatusCardOff, StatusCardNoService, StatusCardNoReader, StatusCardNoCard, StatusCardIn},
		29: {PasswordsMatchLabel},
		64: {AssistPasswordGuidance, AssistUsernameGuidance, IdleStillThere, IdleStay},
	}
	for limit, ids := range limits {
		for _, id := range ids {
			if w := ansi.StringWidth(welshScreens[id]); w > limit {
				t.Errorf("%s is %d columns, more than %d: %q", id, w, limit, welshScreens[id])
			}
		}
	}
	for _, id := range []ID{IdleClear, IdleLogout} {
		for form, s := range formatsOf(welshScreensPlural[id]) {
			// The warning counts down from at most a few minutes: 3 digits.
			if w := ansi.StringWidth(strings.Replace(s, "%[1]d", "999", 1)); w > 64 {
				t.Errorf("%s %s is %d columns, more than 64: %q", id, form, w, s)
			}
		}
	}
}

// The numbers' mutations: the noun after 2 takes the soft mutation, after
// 3 and 6 the aspirate, as when the number is written out.
func TestWelshScreensMutateAfterNumbers(t *testing.T) {
	for _, c := range []struct {
		id   ID
		form string
		want string
	}{
		{CardErrTriesLeft, "one", "%[1]d cynnig"},
		{CardErrTriesLeft, "two", "%[1]d gynnig"},
		{CardErrTriesLeft, "few", "%[1]d chynnig"},
		{CardErrTriesLeft, "many", "%[1]d chynnig"},
		{CardErrTriesLeft, "other", "%[1]d cynnig"},
		{SentCode, "two", "%[2]d funud"},
		{SentCode, "few", "%[2]d munud"},
		{OfflinePasswordWait, "two", "%[1]d funud"},
		{OfflinePasswordWait, "other", "%[1]d munud"},
	} {
		if got := formatsOf(welshScreensPlural[c.id])[c.form]; !strings.Contains(got, c.want) {
			t.Errorf("%s %s = %q, want it to say %q", c.id, c.form, got, c.want)
		}
	}
}

// Welsh messages the screens wrap in the 64-column body of a 72-column
// window never break inside a hyphenated word ("ar-\nlein"), as lipgloss
// would where the hyphen falls at the edge, and the messages shown under
// the tallest screens (Login Assistance, Reset, Change password) take no
// more lines there than those screens have room for.
func TestWelshScreensWrap(t *testing.T) {
	wrap := func(s string) []string {
		return strings.Split(lipgloss.NewStyle().Width(64).Render(s), "\n")
	}
	fill := strings.NewReplacer("%[1]d", "30", "%[2]d", "30", "%[1]s", welshScreens[ButtonHaveCode])
	var all []string
	for _, s := range welshScreens {
		all = append(all, s)
	}
	for _, f := range welshScreensPlural {
		for _, s := range formatsOf(f) {
			all = append(all, fill.Replace(s))
		}
	}
	for _, s := range all {
		lines := wrap(s)
		for _, l := range lines[:len(lines)-1] {
			if strings.HasSuffix(strings.TrimRight(l, " "), "-") {
				t.Errorf("%q breaks a hyphenated word at 64 columns:\n%s", s, strings.Join(lines, "\n"))
			}
		}
	}
	for id, most := range map[ID]int{
		OfflineAssistance: 2, AssistNeedUserEmail: 1, AssistNeedEmailDOB: 1, AssistBadDOB: 1, SomethingWrong: 2,
		OfflineReset: 2, ResetNeedAll: 2, OfflineChangePassword: 2, ChangeNeedAll: 1, OfflineSessionChangePassword: 3,
	} {
		if n := len(wrap(welshScreens[id])); n > most {
			t.Errorf("%s takes %d lines at 64 columns, more than the %d its screen has room for: %q", id, n, most, welshScreens[id])
		}
	}
}
