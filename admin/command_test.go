package admin

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   \t ", nil},
		{"users unlock 382JSMITH01", []string{"users", "unlock", "382JSMITH01"}},
		{"  users\tlist  ", []string{"users", "list"}},
		{`users add --ward 'Ward 7' --role "Staff Nurse"`, []string{"users", "add", "--ward", "Ward 7", "--role", "Staff Nurse"}},
		{`users add --last O\'Brien`, []string{"users", "add", "--last", "O'Brien"}},
		{`users add --last "O'Brien"`, []string{"users", "add", "--last", "O'Brien"}},
		{`a "say \"hi\" \\ \x"`, []string{"a", `say "hi" \ x`}},
		{`a '' b`, []string{"a", "", "b"}},
		{`a 'x;y|z'`, []string{"a", "x;y|z"}},
		{`a x\;y`, []string{"a", "x;y"}},
		{`a ab'c d'e`, []string{"a", "abc de"}},
		{"policy forbid Zoë", []string{"policy", "forbid", "Zoë"}},
		{"audit list -n 5", []string{"audit", "list", "-n", "5"}},
		{"a * ? ~ # [x]", []string{"a", "*", "?", "~", "#", "[x]"}},
	} {
		got, err := ParseCommand(c.in)
		if err != nil {
			t.Errorf("ParseCommand(%q): %v", c.in, err)
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("ParseCommand(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseCommandRefuses(t *testing.T) {
	for _, c := range []struct{ in, why string }{
		{"users list; rm -rf /", "shell syntax"},
		{"users list | sh", "shell syntax"},
		{"users list && reboot", "shell syntax"},
		{"users show $(id)", "shell syntax"},
		{"users show `id`", "shell syntax"},
		{"users list > /etc/passwd", "shell syntax"},
		{"users list < /etc/shadow", "shell syntax"},
		{"users show (x)", "shell syntax"},
		{"users list\nserve", "control character"},
		{"users list\rx", "control character"},
		{"users show \x1b[2J", "control character"},
		{"users show 'a\tb'", "control character"},
		{"users show \x00", "control character"},
		{"users show \u202eevil", "control character"},
		{"users show \xff", "not valid UTF-8"},
		{"users show 'abc", "unterminated ' quote"},
		{`users show "abc`, `unterminated " quote`},
		{`users show abc\`, "backslash ends the line"},
		{strings.Repeat("a ", 65), "more than 64 words"},
		{"a " + strings.Repeat("b", 1025), "longer than 1024 bytes"},
		{strings.Repeat("a", 4097), "longer than 4096 bytes"},
	} {
		got, err := ParseCommand(c.in)
		if err == nil {
			t.Errorf("ParseCommand(%q) = %q, want a refusal", c.in, got)
			continue
		}
		if !errors.Is(err, ErrCommand) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("ParseCommand(%q): %v, want %q", c.in, err, c.why)
		}
	}
	if got, err := ParseCommand(strings.TrimSpace(strings.Repeat("a ", 64))); err != nil || len(got) != 64 {
		t.Errorf("64 words: %d, %v", len(got), err)
	}
}

// quote is how a careful client would send a word: single-quoted.
func quote(w string) string { return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'" }

// FuzzParseCommand: never a panic; every word is clean UTF-8 without
// controls; and words quoted back parse to themselves.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"users unlock 382JSMITH01", `users add --ward 'Ward 7' --last O\'Brien`,
		`a "b \" c"`, "a;b", "a\x1b", "'", `\`, "a\tb", "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words, err := ParseCommand(line)
		if err != nil {
			return
		}
		if len(words) > maxWords {
			t.Fatalf("%d words", len(words))
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			if !utf8.ValidString(w) || len(w) > maxWordLen {
				t.Fatalf("word %q", w)
			}
			for _, r := range w {
				if forbidden(r) {
					t.Fatalf("word %q holds %U", w, r)
				}
			}
			quoted[i] = quote(w)
		}
		again, err := ParseCommand(strings.Join(quoted, " "))
		if err != nil && len(strings.Join(quoted, " ")) <= maxCommandLen {
			t.Fatalf("requoted %q: %v", quoted, err)
		}
		if err == nil && !slices.Equal(again, words) {
			t.Fatalf("requoted %q parsed as %q, want %q", quoted, again, words)
		}
	})
}
