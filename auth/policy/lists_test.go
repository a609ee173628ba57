package policy

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"testing/fstest"
)

func TestListsContent(t *testing.T) {
	l := sharedLists(t)
	for _, c := range []struct {
		name   string
		list   *wordList
		minLen int
		min    int // entries at least
		has    []string
		hasNot []string
	}{
		{"names", &l.names, 3, 50000,
			[]string{"sarah", "smith", "mohammed", "siobhan", "grace", "brown"},
			[]string{"carpet", "banana", "kitchen", "battery"}},
		{"places", &l.places, 3, 4000,
			[]string{"london", "cornwall", "yorkshire", "wales", "scotland", "england", "northernireland",
				"newcastleupontyne", "newcastle", "tyne", "stokeontrent", "portugal", "reading", "milton", "keynes"},
			[]string{"upon", "north", "city", "borough"}},
		{"name-words", &l.nameWords, 3, 100,
			[]string{"grace", "brown", "reading", "bath"},
			[]string{"sarah", "london", "carpet"}},
		{"common", &l.common, 8, 50000,
			[]string{"password", "iloveyou", "12345678", "password1"},
			[]string{"Password", "123456"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := c.list.len()
			if n < c.min {
				t.Errorf("%d entries, want at least %d", n, c.min)
			}
			for i := range n {
				w := c.list.at(i)
				if len([]rune(w)) < c.minLen {
					t.Errorf("entry %q shorter than %d", w, c.minLen)
				}
				if c.list != &l.common && (lettersOnly(w) != w || Fold(w) != w) {
					t.Errorf("entry %q is not folded to letters a to z", w)
				}
				if c.list == &l.common && strings.ToLower(w) != w {
					t.Errorf("entry %q is not lower case", w)
				}
			}
			for _, w := range c.has {
				if !c.list.has(w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, w := range c.hasNot {
				if c.list.has(w) {
					t.Errorf("has %q", w)
				}
			}
		})
	}

	// The frequent names: 5+ letters, found inside words, not when they are
	// part of an ordinary word ("allen" in "fallen") or one ("grace").
	for w, want := range map[string]bool{
		"ilovesarah": true, "thomasxx": true, "mylondon": true,
		"fallen": false, "grace": false, "carpet": false, "sara": false,
	} {
		if got := l.frequent.within(w); got != want {
			t.Errorf("frequent.within(%q) = %v, want %v", w, got, want)
		}
	}
	if n := len(l.frequent); n < 1000 || n > 40000 {
		t.Errorf("frequent-names trie has %d nodes", n)
	}
}

func TestWordList(t *testing.T) {
	wl, err := newWordList("apple\nbanana\ncherry\n")
	if err != nil {
		t.Fatal(err)
	}
	if wl.len() != 3 || wl.at(1) != "banana" {
		t.Fatalf("len %d, at(1) %q", wl.len(), wl.at(1))
	}
	for w, want := range map[string]bool{
		"apple": true, "banana": true, "cherry": true,
		"": false, "a": false, "bananas": false, "banan": false, "zebra": false, "aardvark": false,
	} {
		if wl.has(w) != want {
			t.Errorf("has(%q) = %v", w, !want)
		}
	}
	for bad, line := range map[string]string{
		"": "", "apple": "", "\n": "line 1", "b\na\n": "line 2", "a\na\n": "line 2", "a\nb\n\nc\n": "line 3",
	} {
		// The error names the line, for whoever regenerates the lists.
		if _, err := newWordList(bad); err == nil || !strings.Contains(err.Error(), line) {
			t.Errorf("newWordList(%q) = %v, want an error naming %q", bad, err, line)
		}
	}
}

func TestLoadListsErrors(t *testing.T) {
	gz := func(s string) []byte {
		t.Helper()
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		if _, err := zw.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	good := fstest.MapFS{
		fileNames:     {Data: gz("sarah\n")},
		filePlaces:    {Data: gz("london\n")},
		fileNameWords: {Data: gz("grace\n")},
		fileFrequent:  {Data: gz("sarah\n")},
		fileCommon:    {Data: gz("password\n")},
	}
	if _, err := loadLists(good); err != nil {
		t.Fatalf("good lists: %v", err)
	}
	for name, mutate := range map[string]func(fstest.MapFS){
		"missing":       func(m fstest.MapFS) { delete(m, filePlaces) },
		"not gzip":      func(m fstest.MapFS) { m[fileNames] = &fstest.MapFile{Data: []byte("sarah\n")} },
		"unsorted":      func(m fstest.MapFS) { m[fileCommon] = &fstest.MapFile{Data: gz("b\na\n")} },
		"frequent caps": func(m fstest.MapFS) { m[fileFrequent] = &fstest.MapFile{Data: gz("Sarah\n")} },
	} {
		m := fstest.MapFS{}
		for k, v := range good {
			m[k] = v
		}
		mutate(m)
		if _, err := loadLists(m); err == nil {
			t.Errorf("%s: loadLists succeeded", name)
		}
	}
}

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
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadings(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // among the readings
	}{
		{"plain", []string{"plain"}},
		{"l0nd0n2024", []string{"london2024"}},
		{"sarah1985!", []string{"sarah1985!"}},
		{"5arah1985", []string{"sarah1985"}},
		{"p@ssw0rd", []string{"password"}},
		{"h3ll0", []string{"hello"}},
		{"b1ll", []string{"bill", "blll"}},
		{"k!0sk", []string{"kiosk"}},
	} {
		rs := readings(c.in)
		if len(rs) > 9 || rs[0].s != c.in {
			t.Errorf("readings(%q) = %v", c.in, rs)
		}
		for _, w := range c.want {
			found := false
			for _, r := range rs {
				found = found || r.s == w
			}
			if !found {
				t.Errorf("readings(%q) = %v, lacks %q", c.in, rs, w)
			}
		}
	}
	if rs := readings("plain"); len(rs) != 1 {
		t.Errorf("readings(plain) = %v", rs)
	}
}

// TestEdgeRuns checks the end runs that readings leave alone: the digits
// of a year at the end, a count at the start, all ten digits, and a
// string of digits alone counted once.
func TestEdgeRuns(t *testing.T) {
	for _, c := range []struct {
		in          string
		lead, trail int
	}{
		{"sarah1989", 0, 4},
		{"5arah1985", 1, 4},
		{"2024", 4, 0},
		{"0123456789x9876543210", 10, 10},
		{"", 0, 0},
		{"l0nd0n", 0, 0},
	} {
		if lead, trail := edgeRuns(c.in, isDigit); lead != c.lead || trail != c.trail {
			t.Errorf("edgeRuns(%q, isDigit) = %d, %d, want %d, %d", c.in, lead, trail, c.lead, c.trail)
		}
	}
}
