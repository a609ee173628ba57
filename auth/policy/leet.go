package policy

// leet returns the letter that the look-alike c stands for in leet-speak
// ("P@ssw0rd"), or 0. one is the reading of '1' and '|', which may stand for
// either i or l.
func leet(c, one byte) byte {
	switch c {
	case '0':
		return 'o'
	case '1', '|':
		return one
	case '3':
		return 'e'
	case '4', '@':
		return 'a'
	case '5', '$':
		return 's'
	case '6', '9':
		return 'g'
	case '7', '+':
		return 't'
	case '8':
		return 'b'
	case '!':
		return 'i'
	}
	return 0
}

// reading is one way to read the folded password.
type reading struct {
	s string
	// loose is set when look-alikes at the start or the end were read as
	// letters: "Tiger7" reads "tigert", so such a reading is too loose to
	// compare word by word with the full name lists.
	loose bool
}

// readings returns the folded password followed by its distinct leet-speak
// readings. Digits and symbols at either end are as often a year or a
// flourish as a letter ("Sarah1985!", "L0nd0n2024", "$arah", "5arah1985"),
// so besides reading every look-alike, it also reads only those before the
// final run of digits, only those between the end runs of digits, and only
// those between the end runs of any non-letters; each with '1' read as i
// and as l. That is at most nine strings, whatever the length.
func readings(folded string) []reading {
	out := []reading{{s: folded}}
	hasLeet := false
	for i := 0; i < len(folded); i++ {
		if leet(folded[i], 'i') != 0 {
			hasLeet = true
			break
		}
	}
	if !hasLeet {
		return out
	}

	n := len(folded)
	digitLead, digitTrail := edgeRuns(folded, isDigit)
	otherLead, otherTrail := edgeRuns(folded, func(c byte) bool { return !isLetter(c) })
	spans := [...]struct {
		from, to int
		loose    bool
	}{
		{0, n, true},
		{0, n - digitTrail, digitLead > 0},
		{digitLead, n - digitTrail, false},
		{otherLead, n - otherTrail, false},
	}
	buf := make([]byte, n)
	for _, one := range []byte{'i', 'l'} {
		for _, sp := range spans {
			copy(buf, folded)
			for i := sp.from; i < sp.to; i++ {
				if c := leet(buf[i], one); c != 0 {
					buf[i] = c
				}
			}
			out = addReading(out, buf, sp.loose)
		}
	}
	return out
}

// addReading appends b to list unless it is there; a reading found both
// ways counts as the stricter one.
func addReading(list []reading, b []byte, loose bool) []reading {
	for i := range list {
		if list[i].s == string(b) {
			list[i].loose = list[i].loose && loose
			return list
		}
	}
	return append(list, reading{s: string(b), loose: loose})
}

// edgeRuns returns the lengths of the runs of bytes matching in at the start
// and at the end of s, counting a string that matches throughout once.
func edgeRuns(s string, in func(byte) bool) (lead, trail int) {
	for lead < len(s) && in(s[lead]) {
		lead++
	}
	for trail < len(s)-lead && in(s[len(s)-1-trail]) {
		trail++
	}
	return lead, trail
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
