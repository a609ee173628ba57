package main

import (
	"slices"
	"strings"
	"testing"
)

// sample is a few lines of confusables.txt as Unicode writes it.
const sample = `# confusables.txt
# Version: 16.0.0
006D ;	0072 006E ;	MA	# ( m → rn ) LATIN SMALL LETTER M → LATIN SMALL LETTER R, LATIN SMALL LETTER N
03BF ;	006F ;	MA	# ( ο → o ) GREEK SMALL LETTER OMICRON → LATIN SMALL LETTER O
0399 ;	006C ;	MA	# ( Ι → l ) GREEK CAPITAL LETTER IOTA → LATIN SMALL LETTER L
0141 ;	004C 0338 ;	MA	# ( Ł → L̸ ) LATIN CAPITAL LETTER L WITH STROKE
0417 ;	0033 ;	MA	# ( З → 3 ) CYRILLIC CAPITAL LETTER ZE → DIGIT THREE
0432 ;	0299 ;	MA	# ( в → ʙ ) CYRILLIC SMALL LETTER VE → LATIN LETTER SMALL CAPITAL B
FF41 ;	0061 ;	MA	# ( ａ → a ) FULLWIDTH LATIN SMALL LETTER A
0301 ;	0301 ;	MA	# a combining mark
`

// TestLatin checks which entries the table keeps: other scripts' letters
// that read as a to z or a digit, a capital iota as i, not ASCII (m would
// read as rn), nor what NFKD already folds (fullwidth), nor marks.
func TestLatin(t *testing.T) {
	m, source, err := parseTxt(strings.NewReader(sample), "Unicode confusables.txt")
	if err != nil {
		t.Fatal(err)
	}
	if source != "Unicode confusables.txt 16.0.0" {
		t.Errorf("source = %q", source)
	}
	got := latin(m)
	want := []entry{{0x0141, "l"}, {0x0399, "i"}, {0x03BF, "o"}, {0x0417, "3"}}
	if !slices.Equal(got, want) {
		t.Errorf("latin = %+v, want %+v", got, want)
	}
	if _, _, err := parseTxt(strings.NewReader("03BF 006F\n"), ""); err == nil {
		t.Error("a line without ; parsed")
	}
}
