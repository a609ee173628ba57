package main

import (
	"github.com/wardkiosk/kiosk/auth/policy"

	"reflect"
	"strings"
	"testing"
)

// TestFold uses the same cases as auth/policy's TestFold: the two folds
// must agree, or list entries would never match.
func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"London":       "london",
		"Zürich":       "zurich",
		"Zu\u0308rich": "zurich",
		"Straße":       "strasse",
		"Ｌｏｎｄｏｎ":       "london",
		"Ærø":          "aero",
		"Łódź":         "lodz",
		"P@ss 1":       "p@ss 1",
	} {
		if got := policy.Fold(in); got != want {
			t.Errorf("policy.Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJoined(t *testing.T) {
	for in, want := range map[string]string{
		"Newcastle upon Tyne": "newcastleupontyne",
		"O'Brien":             "obrien",
		"Stoke-on-Trent":      "stokeontrent",
		"Θεσσαλονίκη":         "",
	} {
		if got := joined(in); got != want {
			t.Errorf("joined(%q) = %q, want %q", in, got, want)
		}
	}
}

func testDictionary(t *testing.T, words ...string) *dictionary {
	t.Helper()
	d := &dictionary{ordinary: set{}}
	for _, w := range words {
		d.ordinary.add(w)
	}
	d.all = "\n" + strings.Join(words, "\n") + "\n"
	return d
}

func TestPlaceForms(t *testing.T) {
	d := testDictionary(t, "upon", "north", "shields")
	for in, want := range map[string][]string{
		"Newcastle upon Tyne": {"newcastleupontyne", "newcastle", "tyne"},
		"North Shields":       {"northshields"},
		"St Albans":           {"stalbans", "saintalbans", "albans"},
		"York":                {"york"},
	} {
		if got := placeForms(in, d); !reflect.DeepEqual(got, want) {
			t.Errorf("placeForms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInWord(t *testing.T) {
	d := testDictionary(t, "fallen", "allen", "grace")
	for w, want := range map[string]bool{"allen": true, "fall": true, "grace": false, "sarah": false} {
		if got := d.inWord(w); got != want {
			t.Errorf("inWord(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestBuildCommon(t *testing.T) {
	got, err := buildCommon([]byte("123456\nPassword1\npassword1\nqwertyuiop\n  iloveyou \nx\n"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"iloveyou", "password1", "qwertyuiop"}; !reflect.DeepEqual(got, want) {
		t.Errorf("buildCommon = %q, want %q", got, want)
	}
	if _, err := buildCommon([]byte("password1\n"), 2); err == nil {
		t.Error("buildCommon accepted too short a list")
	}
}
