package screens

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/ui/theme"
)

// plainMarkdown renders src and strips the styling, for comparing text.
func plainMarkdown(t *testing.T, src string, width int, th theme.Theme) []string {
	t.Helper()
	lines := renderMarkdown(src, width, th)
	for i, l := range lines {
		lines[i] = ansi.Strip(l)
		if w := ansi.StringWidth(lines[i]); w > max(width, 8) {
			t.Errorf("line %d is %d wide, more than %d: %q", i, w, width, lines[i])
		}
	}
	return lines
}

func TestRenderMarkdown(t *testing.T) {
	th := theme.New(theme.Default, theme.Unicode, false)
	b := th.Bullet
	for _, tc := range []struct {
		name  string
		src   string
		width int
		want  []string
	}{
		{"heading", "# Title\n\n## Part two ##\n", 30, []string{"Title", "", "Part two"}},
		{"paragraph joined and wrapped", "one two three\nfour five six seven", 14,
			[]string{"one two three", "four five six", "seven"}},
		{"paragraphs apart", "first\n\n\n\nsecond", 20, []string{"first", "", "second"}},
		{"bullets hang", "- apples and pears\n* plums\n+ figs", 14,
			[]string{"  " + b + " apples and", "    pears", "  " + b + " plums", "  " + b + " figs"}},
		{"numbers line up", "1. one\n2. two\n3. three\n4. four\n5. five\n6. six\n7. seven\n8. eight\n9. nine\n10. ten and more", 14,
			[]string{"  1. one", "  2. two", "  3. three", "  4. four", "  5. five", "  6. six", "  7. seven", "  8. eight", "  9. nine", " 10. ten and", "     more"}},
		{"numbers as written", "3) third\n4) fourth", 20, []string{" 3) third", " 4) fourth"}},
		{"continuation lines", "- an item\n  that goes on\nand on", 40, []string{"  " + b + " an item that goes on and on"}},
		{"indented after a blank", "1. step\n\n   more of the step\n2. next", 40,
			[]string{" 1. step more of the step", " 2. next"}},
		{"blocks apart", "## Steps\n1. a\n2. b\nAfter.", 20, []string{"Steps", "", " 1. a", " 2. b After."}},
		{"list then paragraph", "- a\n\nAfter.", 20, []string{"  " + b + " a", "", "After."}},
		{"bold and code", "Press **Enter** or `tab`.", 40, []string{"Press Enter or tab."}},
		{"bold glued to punctuation wraps as one", "aaaa **Log in**.", 10, []string{"aaaa Log", "in."}},
		{"unclosed markers are text", "2 ** 3 and `x", 40, []string{"2 ** 3 and `x"}},
		{"empty bold is text", "a **** b", 40, []string{"a **** b"}},
		{"long word cut", "abcdefghijklmnopqrstuvwxyz", 10, []string{"abcdefghij", "klmnopqrst", "uvwxyz"}},
		{"controls stripped", "a\x1b[2Jb\tc\x07", 20, []string{"a[2Jb c"}},
		{"not a heading", "#hashtag and #1", 20, []string{"#hashtag and #1"}},
		{"not a list", "-5 degrees\n2.5 litres", 40, []string{"-5 degrees 2.5 litres"}},
		{"crlf", "one\r\ntwo\r\n", 20, []string{"one two"}},
		{"empty", "", 20, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := plainMarkdown(t, tc.src, tc.width, th)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("render(%q, %d):\n got %q\nwant %q", tc.src, tc.width, got, tc.want)
			}
		})
	}
}

func TestRenderMarkdownStyles(t *testing.T) {
	th := theme.New(theme.Default, theme.Unicode, false)
	got := strings.Join(renderMarkdown("# Title\n\nPress **Enter** now.", 40, th), "\n")
	for _, want := range []string{th.Title.Render("Title"), th.Subtitle.Render("Enter"), th.Text.Render("Press ")} {
		if !strings.Contains(got, want) {
			t.Errorf("render lacks %q:\n%q", want, got)
		}
	}
}

func TestRenderMarkdownASCII(t *testing.T) {
	th := theme.New(theme.Default, theme.ASCII, true)
	for _, l := range renderMarkdown("- item\n\n1. step **bold**", 30, th) {
		for _, r := range ansi.Strip(l) {
			if r > 0x7e {
				t.Errorf("non-ASCII %q in %q", r, l)
			}
		}
	}
}

func TestDropTitle(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"# Title\nBody\n", "Body\n"},
		{"\n# Title\n\nBody", "\nBody"},
		{"## Part\nBody", "## Part\nBody"},
		{"# Only", ""},
		{"Body", "Body"},
	} {
		if got := dropTitle(tc.in); got != tc.want {
			t.Errorf("dropTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{"# a\n- b\n1. c **d** `e`", "**", "`", "1.", "- ", "界界界界界界界界界界界"} {
		f.Add(s, 10)
	}
	th := theme.New(theme.Default, theme.Unicode, true)
	f.Fuzz(func(t *testing.T, src string, width int) {
		width = 8 + (width%80+80)%80
		for _, l := range renderMarkdown(src, width, th) {
			if w := ansi.StringWidth(l); w > width {
				t.Fatalf("line %q is %d wide, more than %d", l, w, width)
			}
			if strings.ContainsAny(ansi.Strip(l), "\x1b\x07\n\r") {
				t.Fatalf("control character in %q", l)
			}
		}
	})
}

func BenchmarkRenderMarkdown(b *testing.B) {
	th := theme.New(theme.Default, theme.Unicode, false)
	src := dropTitle(mustGuide(b, "trust-computer"))
	for b.Loop() {
		renderMarkdown(src, 76, th)
	}
}
