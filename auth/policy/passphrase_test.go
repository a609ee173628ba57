package policy

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/internal/ci"
)

// dictPath is Debian's British English word list (package wbritish).
const dictPath = "/usr/share/dict/british-english"

// dictWords returns the dictionary's words of 4 to 8 letters a to z; with
// proper also those written with a capital (names of people and places).
func dictWords(tb testing.TB, proper bool) []string {
	tb.Helper()
	f, err := os.Open(dictPath)
	if err != nil {
		ci.SkipOrFail(tb, "no dictionary to make passphrases from (make test installs wbritish): %v", err)
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := sc.Text()
		if len(w) < 4 || len(w) > 8 {
			continue
		}
		if proper && w[0] >= 'A' && w[0] <= 'Z' {
			w = strings.ToLower(w[:1]) + w[1:]
		}
		if lettersOnly(w) == w {
			words = append(words, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return words
}

// TestPassphrases makes 1000 random three-word passphrases from ordinary
// dictionary words and checks that no-names rejects few of them: matching
// names as substrings of the full lists would reject nearly all. It logs
// the rates for the report in the issue.
func TestPassphrases(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	const n = 1000
	ordinary := dictWords(t, false)
	withProper := dictWords(t, true)
	p := newPolicy(t, "esr-2019")
	for _, c := range []struct {
		name   string
		words  []string
		format func(w []string, digit int) string
		limit  float64 // highest no-names rate allowed
	}{
		{"ordinary, hyphens", ordinary, func(w []string, _ int) string { return strings.Join(w, "-") }, 0.02},
		{"ordinary, spaces", ordinary, func(w []string, _ int) string { return strings.Join(w, " ") }, 0.02},
		{"ordinary, joined", ordinary, func(w []string, _ int) string { return strings.Join(w, "") }, 0.10},
		{"ordinary, capitals and a digit", ordinary, func(w []string, d int) string {
			for i := range w {
				w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
			}
			return strings.Join(w, "-") + "-" + strconv.Itoa(d)
		}, 0.02},
		{"names and places too, hyphens", withProper, func(w []string, _ int) string { return strings.Join(w, "-") }, 1},
	} {
		rng := rand.New(rand.NewPCG(2019, 2021))
		rejected := map[string]int{}
		for range n {
			w := []string{
				c.words[rng.IntN(len(c.words))],
				c.words[rng.IntN(len(c.words))],
				c.words[rng.IntN(len(c.words))],
			}
			pw := c.format(w, rng.IntN(10))
			for _, f := range p.Check(pw, Subject{}) {
				rejected[f.Rule]++
			}
		}
		rate := float64(rejected[NoNames]) / n
		t.Logf("%-32s no-names %5.1f%%  no-forbidden-words %4.1f%%  not-common %4.1f%%  (all failures: %v)",
			c.name, 100*rate, 100*float64(rejected[NoForbiddenWords])/n, 100*float64(rejected[NotCommon])/n, rejected)
		if rate > c.limit {
			t.Errorf("%s: no-names rejects %.1f%% of passphrases, want at most %.0f%%", c.name, 100*rate, 100*c.limit)
		}
		// Words read across separators (Smi-th) must not reject passphrases
		// whose words only touch a forbidden word at the seam.
		if fr := rejected[NoForbiddenWords]; fr*20 > n {
			t.Errorf("%s: no-forbidden-words rejects %d of %d passphrases, want at most 5%%", c.name, fr, n)
		}
	}
}
