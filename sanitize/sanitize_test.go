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
		// Invisible characters: two names that would look the same.
		{"Ja\u200bne", "Jane"},
		{"Ja\u200c\u200dne\u2060\ufeff", "Jane"},
		{"Sm\u00adith\u180e", "Smith"},
		{"\U000E0041dmin", "dmin"},
		{"\u3164Jane\u115f", "Jane"},
		{"bidi\u202aa\u202b\u202c\u200e\u200f\u061c\u2067\u2068\u2069", "bidia"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello Jane,\n\nYour code\r\nis\rhere.\n", "Hello Jane,\n\nYour code\nis\nhere.\n"},
		{"Hello \u202eenaJ\u200b,\n\tbye\x1b[2J", "Hello enaJ,\n bye[2J"},
		{"plain\nlines", "plain\nlines"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzLine(f *testing.F) {
	for _, s := range []string{"Jane", "\x1b[31mred", "\u202e", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Line(s)
		if strings.ContainsAny(got, "\x1b\x07\x7f\r\n\t\u009b\u202e\u200b\u200d\ufeff") {
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

func FuzzText(f *testing.F) {
	for _, s := range []string{"Hello,\r\n\r\nJane", "\x1b[31m\nred", "a\u200b\nb\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if strings.ContainsAny(got, "\x1b\x07\x7f\r\t\u009b\u202e\u200b\u200d\ufeff") {
			t.Fatalf("Text(%q) = %q still holds a control or invisible character", s, got)
		}
		if strings.Count(got, "\n") != strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\n")+
			strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\r") {
			t.Fatalf("Text(%q) = %q lost or added a line", s, got)
		}
		if Text(got) != got {
			t.Fatalf("Text is not idempotent on %q", s)
		}
	})
}
