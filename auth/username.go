package auth

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gosimple/unidecode"

	"github.com/wardkiosk/kiosk/auth/policy"
)

// MaxUsernameLen is the longest username: 382 + 7 letters + 2 digits.
const MaxUsernameLen = 12

// NormalizeUsername reads a typed username: any case, surrounding spaces.
func NormalizeUsername(typed string) string {
	return strings.ToUpper(strings.TrimSpace(typed))
}

// nameLetters returns the A-Z letters of s, folded as the policy folds
// (Zoë -> ZOE, Øyvind -> OYVIND), and letters of other scripts
// transliterated (Дмитрий -> DMITRII, 张伟 -> ZHANGWEI, さくら ->
// SAKURA), so that a name written only in Cyrillic, Greek, Chinese or any
// other script still gives a username staff can type. The name itself is
// kept as written.
func nameLetters(s string) string {
	var sb strings.Builder
	keep := func(r rune) {
		if r >= 'a' && r <= 'z' {
			sb.WriteRune(r - 'a' + 'A')
		}
	}
	for _, r := range policy.Fold(s) {
		if r < utf8.RuneSelf || !unicode.IsLetter(r) {
			keep(r)
			continue
		}
		for _, t := range strings.ToLower(unidecode.Unidecode(string(r))) {
			keep(t)
		}
	}
	return sb.String()
}

// usernameStem is the org code, the first initial and the surname, cut so
// that the stem plus two digits fits MaxUsernameLen.
func usernameStem(orgCode, first, last string) (string, error) {
	f, l := nameLetters(first), nameLetters(last)
	if f == "" || l == "" {
		return "", fmt.Errorf("%w: a name needs letters for the username", ErrInvalid)
	}
	letters := f[:1] + l
	room := MaxUsernameLen - len(orgCode) - 2
	if room < 2 {
		return "", fmt.Errorf("%w: org code %q leaves no room for a username", ErrInvalid, orgCode)
	}
	letters = letters[:min(len(letters), room, 7)]
	return orgCode + letters, nil
}

// pickUsername returns the stem with the lowest suffix 01..99 not in taken.
func pickUsername(stem string, taken []string) (string, error) {
	used := make(map[string]bool, len(taken))
	for _, t := range taken {
		used[t] = true
	}
	for i := 1; i <= 99; i++ {
		u := fmt.Sprintf("%s%02d", stem, i)
		if !used[u] {
			return u, nil
		}
	}
	return "", fmt.Errorf("%w: every username %s01..99 is taken", ErrConflict, stem)
}
