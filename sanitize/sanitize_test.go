package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jane Smith", "Jane Smith"},
		{"Zoë Ångström", "Zoë Ångström"},
		{"evil\x1b[2J\x1b]0;title\x07name", "evil[2J]0;titlename"},
		{"a\x9bb", "ab"},
		{"tab\there\nnew", "tab here new"},
		{"del\x7f", "del"},
		{"bidi\u202eevil\u2066x", "bidievilx"},
		{"bad\xffutf8", "badutf8"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"Jane", "\x1b[31mred", "\u202e", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Line(s)
		if strings.ContainsAny(got, "\x1b\x07\x7f\r\n\t\u009b\u202e") {
			t.Fatalf("Line(%q) = %q still holds a control character", s, got)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Line(%q) = %q is not valid UTF-8", s, got)
		}
		if Line(got) != got {
			t.Fatalf("Line is not idempotent on %q", s)
		}
	})
}
