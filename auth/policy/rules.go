package policy

import (
	"fmt"
	"strings"
)

// Rule ids: stable, so configuration, the CLI ("FAIL <rule-id>: …") and
// tests may name them.
const (
	MinLength        = "min-length"
	MaxLength        = "max-length"
	LetterAndDigit   = "letter-and-digit"
	NotPrevious      = "not-previous"
	NoRepeat         = "no-repeat"
	NoSequence       = "no-sequence"
	NoNames          = "no-names"
	NoForbiddenWords = "no-forbidden-words"
	NotCommon        = "not-common"
)

// Rule describes one rule of a profile for the user.
type Rule struct {
	ID       string // one of the rule ids
	Label    string // a short checklist line, e.g. "At least 8 characters"
	Guidance string // how to meet the rule
	OnSubmit bool   // checked only when the password is submitted (not-previous)
}

// Failure is one rule a password breaks. Its text never quotes the password
// nor any part of it: it may be shown on a shared screen.
type Failure struct {
	Rule     string // the rule id
	Message  string // what is wrong
	Guidance string // how to put it right
}

// ruleText is what the user reads about one rule.
type ruleText struct {
	id, label, message, guidance string // labels fit a checklist column: 29 characters at most
	onSubmit                     bool
}

// texts returns the texts of p's active rules, in DESIGN §5's table order.
func texts(p Profile) []ruleText {
	var out []ruleText
	if p.MinLength > 0 {
		out = append(out, ruleText{
			id:       MinLength,
			label:    fmt.Sprintf("At least %d characters", p.MinLength),
			message:  fmt.Sprintf("Your password is too short: it needs at least %d characters.", p.MinLength),
			guidance: fmt.Sprintf("Use at least %d characters. %s, are long and easy to remember.", p.MinLength, capital(passphraseTip(p))),
		})
	}
	if p.MaxLength > 0 {
		out = append(out, ruleText{
			id:       MaxLength,
			label:    fmt.Sprintf("At most %d characters", p.MaxLength),
			message:  fmt.Sprintf("Your password is too long: use no more than %d characters.", p.MaxLength),
			guidance: fmt.Sprintf("Shorten it to %d characters or fewer.", p.MaxLength),
		})
	}
	if p.LetterAndDigit {
		out = append(out, ruleText{
			id:       LetterAndDigit,
			label:    "A letter and a number",
			message:  "Your password needs at least one letter and at least one number.",
			guidance: "Include at least one letter (A to Z) and one number (0 to 9).",
		})
	}
	if p.History > 0 {
		out = append(out, previousText(p))
	}
	if p.NoRepeat {
		out = append(out, ruleText{
			id:       NoRepeat,
			label:    "No character twice in a row",
			message:  "Your password has the same character twice in a row.",
			guidance: "Avoid doubled characters such as dd, Dd or 22, in any case.",
		})
	}
	if p.NoSequence {
		out = append(out, ruleText{
			id:       NoSequence,
			label:    "No runs like abc or 321",
			message:  "Your password has 3 or more letters or numbers in order.",
			guidance: "Avoid runs such as abc, CBA, 123 or 987, forwards or backwards.",
		})
	}
	if p.NoNames {
		out = append(out, ruleText{
			id:       NoNames,
			label:    "No names of people or places",
			message:  "Your password contains the name of a person or a place.",
			guidance: "Leave out names of people and places, even with numbers or symbols added or letters swapped for look-alikes (L0nd0n).",
		})
	}
	if p.NoForbiddenWords {
		out = append(out, ruleText{
			id:       NoForbiddenWords,
			label:    "No words about you or the job",
			message:  "Your password contains a word that is not allowed: part of your name, username or email, your role or ward, or a word such as NHS or password.",
			guidance: "Leave out your own details and words to do with work, such as NHS, ESR, password, ward or your role.",
		})
	}
	if p.NotCommon {
		out = append(out, ruleText{
			id:       NotCommon,
			label:    "Not a common password",
			message:  "Your password is too common: it is on a list of passwords that attackers try first.",
			guidance: "Choose something less predictable, such as " + passphraseTip(p) + ".",
		})
	}
	return out
}

// previousText is the not-previous rule's text for p.
func previousText(p Profile) ruleText {
	t := ruleText{
		id:       NotPrevious,
		label:    "Not a recent password",
		message:  "You have used this password before: it must not be your current password.",
		guidance: "Choose a password you have not used here before.",
		onSubmit: true,
	}
	switch {
	case p.History == 1:
		t.label = "Not current or last password"
		t.message = "You have used this password before: it must not be your current password or your last one."
	case p.History > 1:
		t.label = fmt.Sprintf("Not current or last %d", p.History)
		t.message = fmt.Sprintf("You have used this password before: it must not be your current password or any of your last %d.", p.History)
	}
	return t
}

// PreviousFailure is the failure to report when the password is the user's
// current one or in their history: the auth core checks not-previous, as
// only it has the hashes.
func PreviousFailure(p Profile) Failure {
	t := previousText(p)
	return Failure{Rule: t.id, Message: t.message, Guidance: t.guidance}
}

// passphraseTip is the advice on making a password this profile accepts,
// as the guides give it: unrelated words, and for a profile with the
// guide's rules, no doubled letter and a number that is no run or
// repeat. "Words joined with a number" alone would often fail no-repeat
// (Green-Bottle-64); a test draws passwords as the tip says and checks
// the profile accepts nearly all of them.
func passphraseTip(p Profile) string {
	tip := "three unrelated words"
	if p.NoRepeat {
		tip += " with no letter twice in a row"
	}
	tip += ", joined with hyphens"
	switch {
	case p.LetterAndDigit && p.NoRepeat:
		tip += " and a two-digit number with different digits"
	case p.LetterAndDigit:
		tip += " and a number"
	}
	return tip
}

// capital returns s with its first letter in capitals.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
