package policy

import (
	"fmt"
	"github.com/wardkiosk/kiosk/text"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/assets"
)

// The tip the guides and the rules' guidance give, and the example the
// trust-computer guide shows with it.
const (
	guideTip     = "three unrelated words with no letter twice in a row, joined with hyphens and a two-digit number with different digits"
	guideExample = "Tulip-Gravel-Kite-47"
)

// adviceSubject is the demo's Jane Smith, whose role and ward are words a
// password may not hold.
var adviceSubject = Subject{FirstName: "Jane", LastName: "Smith", Username: "382JSMITH01",
	Email: "jane.smith@example.nhs.uk", Role: "Staff Nurse", Ward: "Ward 7"}

// followTip draws one password as the tip for p says: three dictionary
// words (without a doubled letter where the tip says so), capitalised and
// joined with hyphens, then the number the tip asks for.
func followTip(p Profile, rng *rand.Rand, words []string) string {
	w := make([]string, 3)
	for i := range w {
		for {
			w[i] = words[rng.IntN(len(words))]
			if !p.NoRepeat || !hasRepeat(w[i]) {
				break
			}
		}
		w[i] = strings.ToUpper(w[i][:1]) + w[i][1:]
	}
	pw := strings.Join(w, "-")
	switch {
	case p.LetterAndDigit && p.NoRepeat:
		for {
			n := fmt.Sprintf("%02d", rng.IntN(100))
			if n[0] != n[1] {
				return pw + "-" + n
			}
		}
	case p.LetterAndDigit:
		return pw + "-" + fmt.Sprint(rng.IntN(100))
	}
	return pw
}

// TestAdviceMeetsThePolicy draws 200 passwords as each profile's tip says
// and checks the profile accepts at least 95% of them: advice that the
// policy then refuses (Green-Bottle-64 has "tt") sends staff round in
// circles. The tip is pinned here so that changing its words means
// changing how the test follows it.
func TestAdviceMeetsThePolicy(t *testing.T) {
	words := dictWords(t, false)
	wantTip := map[string]string{
		"esr-2019":       guideTip,
		"esr-2021":       "three unrelated words, joined with hyphens",
		"nist-800-63b-4": "three unrelated words, joined with hyphens",
	}
	for _, name := range ProfileNames() {
		t.Run(name, func(t *testing.T) {
			prof, err := Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			if got := notCommonGuidance(prof); !strings.Contains(got, wantTip[name]) {
				t.Fatalf("the tip is %q; follow it below and pin it here (want it to hold %q)", got, wantTip[name])
			}
			p := newPolicy(t, name)
			rng := rand.New(rand.NewPCG(2019, 9))
			const n = 200
			accepted := 0
			var refused []string
			for range n {
				pw := followTip(prof, rng, words)
				if fails := p.Check(pw, adviceSubject); len(fails) == 0 {
					accepted++
				} else if len(refused) < 10 {
					refused = append(refused, pw+" ("+fails[0].Rule+")")
				}
			}
			t.Logf("%s accepts %d of %d passwords that follow its tip; refused: %s", name, accepted, n, strings.Join(refused, ", "))
			if accepted*100 < 95*n {
				t.Errorf("%s accepts only %d of %d passwords that follow %q", name, accepted, n, wantTip[name])
			}
		})
	}
}

// The guide gives the same tip, and its example meets the policy.
func TestGuideGivesTheTip(t *testing.T) {
	src, err := assets.Guide("trust-computer")
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(src), " ")
	if !strings.Contains(strings.ToLower(flat), guideTip) || !strings.Contains(flat, guideExample) {
		t.Fatalf("the guide does not give the tip %q with the example %s", guideTip, guideExample)
	}
	if strings.Contains(strings.ToLower(flat), "joined with a number") {
		t.Error("the guide still gives the old tip")
	}
	if fails := newPolicy(t, "esr-2019").Check(guideExample, adviceSubject); len(fails) != 0 {
		t.Fatalf("the guide's example %s fails %v", guideExample, fails)
	}
}

// notCommonGuidance is the English advice the not-common rule gives under
// prof, where the tip is.
func notCommonGuidance(prof Profile) string {
	for _, r := range New(prof, nil, nil).Rules() {
		if r.ID == NotCommon {
			return text.For(text.English).T(r.GuidanceID, r.N)
		}
	}
	return ""
}
