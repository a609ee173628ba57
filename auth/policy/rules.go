package policy

import "github.com/wardkiosk/kiosk/text"

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

// Characters is the id under which a password holding control characters
// fails. It is no profile's rule: the auth core refuses such a password
// before any rule is checked (CharactersFailure).
const Characters = "characters"

// Rule describes one rule of a profile. Its words are in the text
// catalogue: the screen asks for LabelID and GuidanceID in the reader's
// language, each with N.
type Rule struct {
	ID         string  // one of the rule ids
	N          int     // the rule's number, the argument of its words: the minimum or maximum length, or how many previous passwords count; 0 for the others
	OnSubmit   bool    // checked only when the password is submitted (not-previous)
	LabelID    text.ID // a short checklist line, e.g. "At least 8 characters"
	GuidanceID text.ID // how to meet the rule
}

// Failure is one rule a password breaks: the rule's id and number and the
// catalogue's words for what is wrong and how to put it right, each taking
// N. The words never quote the password nor any part of it: they may be
// shown on a shared screen.
type Failure struct {
	Rule       string // the rule id
	N          int    // the rule's number, as Rule.N
	MessageID  text.ID
	GuidanceID text.ID
}

// rule is one active rule of a profile and the ids of its words.
type rule struct {
	id                       string
	n                        int
	label, message, guidance text.ID
	onSubmit                 bool
}

// public returns r as the Rule callers see.
func (r rule) public() Rule {
	return Rule{ID: r.id, N: r.n, OnSubmit: r.onSubmit, LabelID: r.label, GuidanceID: r.guidance}
}

// failure returns the Failure of a password that breaks r.
func (r rule) failure() Failure {
	return Failure{Rule: r.id, N: r.n, MessageID: r.message, GuidanceID: r.guidance}
}

// rules returns p's active rules, in DESIGN §5's table order.
func rules(p Profile) []rule {
	var out []rule
	if p.MinLength > 0 {
		out = append(out, rule{id: MinLength, n: p.MinLength,
			label: text.RuleMinLengthLabel, message: text.RuleMinLengthMessage, guidance: tip(p, text.RuleMinLengthGuidance, text.RuleMinLengthGuidanceNoRepeat)})
	}
	if p.MaxLength > 0 {
		out = append(out, rule{id: MaxLength, n: p.MaxLength,
			label: text.RuleMaxLengthLabel, message: text.RuleMaxLengthMessage, guidance: text.RuleMaxLengthGuidance})
	}
	if p.LetterAndDigit {
		out = append(out, rule{id: LetterAndDigit,
			label: text.RuleLetterAndDigitLabel, message: text.RuleLetterAndDigitMessage, guidance: text.RuleLetterAndDigitGuidance})
	}
	if p.History > 0 {
		out = append(out, previousRule(p))
	}
	if p.NoRepeat {
		out = append(out, rule{id: NoRepeat,
			label: text.RuleNoRepeatLabel, message: text.RuleNoRepeatMessage, guidance: text.RuleNoRepeatGuidance})
	}
	if p.NoSequence {
		out = append(out, rule{id: NoSequence,
			label: text.RuleNoSequenceLabel, message: text.RuleNoSequenceMessage, guidance: text.RuleNoSequenceGuidance})
	}
	if p.NoNames {
		out = append(out, rule{id: NoNames,
			label: text.RuleNoNamesLabel, message: text.RuleNoNamesMessage, guidance: text.RuleNoNamesGuidance})
	}
	if p.NoForbiddenWords {
		out = append(out, rule{id: NoForbiddenWords,
			label: text.RuleNoForbiddenWordsLabel, message: text.RuleNoForbiddenWordsMessage, guidance: text.RuleNoForbiddenWordsGuidance})
	}
	if p.NotCommon {
		out = append(out, rule{id: NotCommon,
			label: text.RuleNotCommonLabel, message: text.RuleNotCommonMessage, guidance: tip(p, text.RuleNotCommonGuidance, text.RuleNotCommonGuidanceNoRepeat)})
	}
	return out
}

// previousRule is p's not-previous rule: its number is how many previous
// passwords count besides the current one.
func previousRule(p Profile) rule {
	return rule{id: NotPrevious, n: p.History, onSubmit: true,
		label: text.RuleNotPreviousLabel, message: text.RuleNotPreviousMessage, guidance: text.RuleNotPreviousGuidance}
}

// PreviousFailure is the failure to report when the password is the user's
// current one or in their history: the auth core checks not-previous, as
// only it has the hashes. p.History is more than 0: a profile without
// history has no not-previous rule.
func PreviousFailure(p Profile) Failure { return previousRule(p).failure() }

// CharactersFailure is the failure policy check reports for a password
// holding control characters (Characters).
func CharactersFailure() Failure {
	return rule{id: Characters, message: text.PasswordControl, guidance: text.RuleCharactersGuidance}.failure()
}

// tip picks the words that advise on a password this profile accepts, as
// the guides give it: unrelated words joined with hyphens and a number,
// and for a profile with the no-repeat rule, no letter twice in a row and
// a number of two different digits. "Words joined with a number" alone
// would often fail no-repeat (Green-Bottle-64); a test draws passwords as
// the tip says and checks the profile accepts nearly all of them. Each
// variant is a whole sentence in the catalogue, so it translates whole.
func tip(p Profile, plain, noRepeat text.ID) text.ID {
	if p.NoRepeat {
		return noRepeat
	}
	return plain
}
