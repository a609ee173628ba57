package text

// The password policy's words (auth/policy), three for each rule: a label
// short enough for a checklist column (29 characters in English), a
// message saying what is wrong, and guidance on putting it right. Each
// takes one argument, the rule's number (policy.Rule.N): the minimum or
// maximum length, or how many previous passwords count; words that do not
// need it leave it out.
const (
	RuleMinLengthLabel    ID = "rule.min-length.label"
	RuleMinLengthMessage  ID = "rule.min-length.message"
	RuleMinLengthGuidance ID = "rule.min-length.guidance"
	// RuleMinLengthGuidanceNoRepeat is RuleMinLengthGuidance for a profile
	// with the no-repeat rule: its passphrase tip must pass that rule too.
	RuleMinLengthGuidanceNoRepeat ID = "rule.min-length.guidance.no-repeat"

	RuleMaxLengthLabel    ID = "rule.max-length.label"
	RuleMaxLengthMessage  ID = "rule.max-length.message"
	RuleMaxLengthGuidance ID = "rule.max-length.guidance"

	RuleLetterAndDigitLabel    ID = "rule.letter-and-digit.label"
	RuleLetterAndDigitMessage  ID = "rule.letter-and-digit.message"
	RuleLetterAndDigitGuidance ID = "rule.letter-and-digit.guidance"

	RuleNotPreviousLabel    ID = "rule.not-previous.label"
	RuleNotPreviousMessage  ID = "rule.not-previous.message"
	RuleNotPreviousGuidance ID = "rule.not-previous.guidance"

	RuleNoRepeatLabel    ID = "rule.no-repeat.label"
	RuleNoRepeatMessage  ID = "rule.no-repeat.message"
	RuleNoRepeatGuidance ID = "rule.no-repeat.guidance"

	RuleNoSequenceLabel    ID = "rule.no-sequence.label"
	RuleNoSequenceMessage  ID = "rule.no-sequence.message"
	RuleNoSequenceGuidance ID = "rule.no-sequence.guidance"

	RuleNoNamesLabel    ID = "rule.no-names.label"
	RuleNoNamesMessage  ID = "rule.no-names.message"
	RuleNoNamesGuidance ID = "rule.no-names.guidance"

	RuleNoForbiddenWordsLabel    ID = "rule.no-forbidden-words.label"
	RuleNoForbiddenWordsMessage  ID = "rule.no-forbidden-words.message"
	RuleNoForbiddenWordsGuidance ID = "rule.no-forbidden-words.guidance"

	RuleNotCommonLabel    ID = "rule.not-common.label"
	RuleNotCommonMessage  ID = "rule.not-common.message"
	RuleNotCommonGuidance ID = "rule.not-common.guidance"
	// RuleNotCommonGuidanceNoRepeat is RuleNotCommonGuidance for a profile
	// with the no-repeat rule.
	RuleNotCommonGuidanceNoRepeat ID = "rule.not-common.guidance.no-repeat"

	// RuleCharactersGuidance goes with PasswordControl, the message of the
	// core's own check that a password holds no control or invisible characters.
	RuleCharactersGuidance ID = "rule.characters.guidance"

	// RuleCheckedOnSubmit notes beside a rule (not-previous) that it is
	// checked only when the password is submitted.
	RuleCheckedOnSubmit ID = "rule.checked-on-submit"
)
