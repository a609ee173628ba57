package policy

import (
	"slices"
	"strings"
	"testing"
)

// TestDisguises checks that the attack review's disguises of a word are
// seen through (issue 10, item 7): separators inside a word, look-alike
// letters from Greek and Cyrillic, and invisible characters.
func TestDisguises(t *testing.T) {
	jane := Subject{FirstName: "Jane", LastName: "Smith", Username: "382JSMITH01",
		Email: "jane.smith@example.nhs.uk", Role: "Staff Nurse", Ward: "Maple Ward"}
	zw := strings.Repeat("\u200b", 6)
	cases := []struct {
		profile, name, password, rule string
	}{
		{DefaultProfile, "hyphen inside the surname", "Smi-th-Gable-47", NoForbiddenWords},
		{DefaultProfile, "hyphen between every letter", "S-m-i-t-h-Gable-47", NoForbiddenWords},
		{DefaultProfile, "dots inside an initialism", "N.H.S-Gable-47", NoForbiddenWords},
		{DefaultProfile, "spaces between every letter", "S m i t h Gable 47", NoForbiddenWords},
		{"esr-2021", "hyphen inside password", "Pass-word2024!", NoForbiddenWords},
		{"esr-2021", "the one separator inside password", "Pass-wordgrove", NoForbiddenWords},
		{DefaultProfile, "Greek capital Nu and Eta", "ΝΗS-Tiger-Grove7", NoForbiddenWords},
		{DefaultProfile, "Greek small omicron", "Londοn-Grove7", NoNames},
		{DefaultProfile, "Cyrillic small ie", "qwеrtyuiop1", NotCommon},
		{DefaultProfile, "Cyrillic small a and es", "Pаsswоrd-Tiger-7", NoForbiddenWords},
		{DefaultProfile, "zero-width characters do not count", "a1" + zw, MinLength},
		{DefaultProfile, "zero-width characters are refused", "Grove-Tiger-47" + "\u200b", Characters},
		{DefaultProfile, "a zero-width joiner inside a word", "Sm\u200dith-Gable-47", NoForbiddenWords},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ids := ruleIDs(newPolicy(t, c.profile).Check(c.password, jane))
			if !slices.Contains(ids, c.rule) {
				t.Errorf("Check(%+q) = %v, want %s among them", c.password, ids, c.rule)
			}
		})
	}
}

// TestSeparatedNames checks no-names finds a frequent name split by
// separators for anyone, not only for the user it belongs to.
func TestSeparatedNames(t *testing.T) {
	for _, pw := range []string{"Tho-mas-Gable-47", "S.a.r.a.h-Gable-47", "Gable-Sa rah-47", "Abigai.l-Gable-47"} {
		if ids := ruleIDs(newPolicy(t, DefaultProfile).Check(pw, Subject{})); !slices.Contains(ids, NoNames) {
			t.Errorf("Check(%q) = %v, want no-names among them", pw, ids)
		}
	}
}

// TestSeparatorsKeepPassphrases checks that joining the letters across
// separators does not find a forbidden word that starts and ends inside two
// words of a passphrase: "esr" in "house-rabbit". TestPassphrases has the
// figure over 1000 random ones.
func TestSeparatorsKeepPassphrases(t *testing.T) {
	jane := Subject{FirstName: "Jane", LastName: "Smith"}
	for _, pw := range []string{"house-rabbit-47", "Horses-Rabbit-47", "Amis-Mithras-47"} {
		for _, f := range newPolicy(t, DefaultProfile).Check(pw, jane) {
			if f.Rule == NoForbiddenWords {
				t.Errorf("Check(%q) fails %s", pw, f.Rule)
			}
		}
	}
}

// TestFoldLookAlikes checks the fold reads Greek and Cyrillic look-alikes
// as the Latin letters they copy, and leaves Latin words alone (the full
// skeleton would read "m" as "rn").
func TestFoldLookAlikes(t *testing.T) {
	for in, want := range map[string]string{
		"Londοn":      "london", // Greek omicron
		"ΝΗS":         "nhs",    // Greek capital Nu and Eta
		"qwеrty":      "qwerty", // Cyrillic ie
		"ΙΝΤ":         "int",    // a capital iota is an I, not the skeleton's l
		"summer":      "summer",
		"Łódź-Zürich": "lodz-zurich",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPrepare checks the PRECIS OpaqueString preparation: other spaces
// become spaces, NFC, and invisible characters are refused and not counted.
func TestPrepare(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"grove tiger", "grove tiger", true},
		{"grove\u00a0tiger", "grove tiger", true},
		{"Zu\u0308rich", "Zürich", true},
		{"a1" + strings.Repeat("\u200b", 6), "a1", false},
		{"Sm\u200dith", "Smith", false},
		{"pass\u202eword", "password", false},
		{"tab\there", "tabhere", false},
		{"not\xffutf8", "notutf8", false},
		{"replaced\ufffd", "replaced", false},
		// What is left of a refused password is prepared as if typed alone.
		{"grove\u00a0tiger\u200b", "grove tiger", false},
		// In any script, and when nothing is left.
		{"пароль\u200b", "пароль", false},
		{"\t\n", "", false},
	} {
		got, ok := Prepare(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Prepare(%+q) = %+q, %v, want %+q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestConfusablesSorted checks the generated table is sorted by rune, as
// lookAlike's binary search needs, and reads only as a to z or digits.
func TestConfusablesSorted(t *testing.T) {
	for i, c := range confusables {
		if i > 0 && confusables[i-1].r >= c.r {
			t.Fatalf("entry %d (%U) is not after %U", i, c.r, confusables[i-1].r)
		}
		if c.to == "" || strings.Trim(c.to, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
			t.Errorf("%U reads as %q", c.r, c.to)
		}
	}
}
