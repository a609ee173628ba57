package theme

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestToASCII(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jane Smith", "Jane Smith"},
		{"Zoë Ångström", "Zoe Angstrom"},
		{"Siobhán Ó Briain", "Siobhan O Briain"},
		{"Łukasz Øberg", "Lukasz Oberg"},
		{"O’Brien – Ward 7", "O'Brien - Ward 7"},
		{"e\u0301", "e"},                           // a combining accent goes
		{"病棟", "????"},                             // wide: two cells each
		{"\x1b[1mZoë\x1b[0m", "\x1b[1mZoe\x1b[0m"}, // escapes pass
		{"ﬁ", "?"}, // decomposes wider than its cell
	}
	for _, tt := range tests {
		got := ToASCII(tt.in)
		if got != tt.want {
			t.Errorf("ToASCII(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if ansi.StringWidth(got) != ansi.StringWidth(tt.in) {
			t.Errorf("ToASCII(%q) is %d cells, the input %d", tt.in, ansi.StringWidth(got), ansi.StringWidth(tt.in))
		}
	}
}
