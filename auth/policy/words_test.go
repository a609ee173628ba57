package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wardkiosk/kiosk/internal/golden"
	"github.com/wardkiosk/kiosk/text"
)

// TestWords pins the English words of every rule of every profile (and of
// a profile with a history of one, whose words differ): the policy gives
// ids and numbers, the catalogue the words, and together they must say
// what the policy said before the words moved (policy check's lines are a
// contract).
func TestWords(t *testing.T) {
	en := text.For(text.English)
	var b strings.Builder
	ps := append(profiles(), Profile{Name: "history-1", MinLength: 1, MaxLength: 1, History: 1})
	for _, p := range ps {
		for _, r := range rules(p) {
			fmt.Fprintf(&b, "%s %s\n  label: %s\n  message: %s\n  guidance: %s\n", p.Name, r.id,
				en.T(r.label, r.n), en.T(r.message, r.n), en.T(r.guidance, r.n))
		}
	}
	golden.Check(t, "words.golden", b.String())
}

// Rules and failures carry the rule's id, its number and the ids of its
// words, and no words of their own.
func TestRulesCarryIDs(t *testing.T) {
	p := newPolicy(t, "esr-2019")
	rs := p.Rules()
	if r := rs[0]; r.ID != MinLength || r.N != 8 || r.LabelID != text.RuleMinLengthLabel || r.GuidanceID != text.RuleMinLengthGuidanceNoRepeat {
		t.Errorf("min-length rule = %+v", r)
	}
	if r := rs[3]; r.ID != NotPrevious || r.N != 12 || r.LabelID != text.RuleNotPreviousLabel {
		t.Errorf("not-previous rule = %+v", r)
	}
	fails := p.Check("abc12", Subject{})
	if len(fails) == 0 || fails[0].Rule != MinLength || fails[0].N != 8 || fails[0].MessageID != text.RuleMinLengthMessage {
		t.Fatalf("Check(abc12) = %+v", fails)
	}
	if f := fails[0]; f.GuidanceID != text.RuleMinLengthGuidanceNoRepeat {
		t.Errorf("failure %+v: guidance is not the rule's", f)
	}
	if f := PreviousFailure(p.Profile()); f.N != 12 || f.MessageID != text.RuleNotPreviousMessage {
		t.Errorf("PreviousFailure = %+v", f)
	}
	if f := CharactersFailure(); f.Rule != Characters || f.MessageID != text.PasswordControl ||
		en.T(f.MessageID) != "A password cannot hold control or invisible characters." {
		t.Errorf("CharactersFailure = %+v", f)
	}
}
