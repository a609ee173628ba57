package ci

import "testing"

func TestEnabled(t *testing.T) {
	for v, want := range map[string]bool{
		"": false, "0": false, "false": false, "FALSE": false, "f": false,
		"1": true, "true": true, "TRUE": true, "True": true, "t": true, "yes": true,
	} {
		t.Setenv("CI", v)
		if got := Enabled(); got != want {
			t.Errorf("CI=%q: Enabled() = %v, want %v", v, got, want)
		}
	}
}
