package policy

import (
	"errors"
	"fmt"
	"strings"
)

// Profile is a set of password rules, as a Trust configures it by name.
type Profile struct {
	Name                 string
	MinLength, MaxLength int  // in characters (runes after NFC); 0 turns the rule off
	LetterAndDigit       bool // at least one letter and one digit
	History              int  // not-previous: the current password and the last History; 0 turns it off
	NoRepeat             bool // no character twice in a row
	NoSequence           bool // no run of 3 letters or digits in order
	NoNames              bool // no names of people or places
	NoForbiddenWords     bool // no configured words nor the user's own details
	NotCommon            bool // not a common password
}

// DefaultProfile is the profile the ESR login guide describes.
const DefaultProfile = "esr-2019"

// ErrUnknownProfile is returned by Lookup for a name that is no profile.
var ErrUnknownProfile = errors.New("unknown password policy profile")

// profiles are DESIGN §5's table, in the order ProfileNames lists them.
func profiles() []Profile {
	return []Profile{
		{
			Name: "esr-2019", MinLength: 8, MaxLength: 128, LetterAndDigit: true, History: 12,
			NoRepeat: true, NoSequence: true, NoNames: true, NoForbiddenWords: true, NotCommon: true,
		},
		{Name: "esr-2021", MinLength: 12, MaxLength: 128, History: 4, NoForbiddenWords: true, NotCommon: true},
		{Name: "nist-800-63b-4", MinLength: 15, MaxLength: 128, NoForbiddenWords: true, NotCommon: true},
	}
}

// Lookup returns the profile with the given name, ignoring case and
// surrounding spaces; an unknown name gives an error wrapping
// ErrUnknownProfile.
func Lookup(name string) (Profile, error) {
	key := strings.ToLower(strings.TrimSpace(name))
	for _, p := range profiles() {
		if p.Name == key {
			return p, nil
		}
	}
	return Profile{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownProfile, name, strings.Join(ProfileNames(), ", "))
}

// ProfileNames returns the names of the built-in profiles, the default first.
func ProfileNames() []string {
	ps := profiles()
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}
