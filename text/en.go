package text

// english is the English catalogue: British English, plain words, as the
// NHS style guide asks. Every ID has its words here.
var english = &catalogue{
	lang:   English,
	text:   union(englishText, englishScreens),
	plural: union(englishPlural, englishScreensPlural),
	emails: englishEmails,
}

var englishText = map[ID]string{
	// The password policy.
	RuleLetterAndDigitLabel:    "A letter and a number",
	RuleLetterAndDigitMessage:  "Your password needs at least one letter and at least one number.",
	RuleLetterAndDigitGuidance: "Include at least one letter (A to Z) and one number (0 to 9).",

	RuleNotPreviousGuidance: "Choose a password you have not used here before.",

	RuleNoRepeatLabel:    "No character twice in a row",
	RuleNoRepeatMessage:  "Your password has the same character twice in a row.",
	RuleNoRepeatGuidance: "Avoid doubled characters such as dd, Dd or 22, in any case.",

	RuleNoSequenceLabel:    "No runs like abc or 321",
	RuleNoSequenceMessage:  "Your password has 3 or more letters or numbers in order.",
	RuleNoSequenceGuidance: "Avoid runs such as abc, CBA, 123 or 987, forwards or backwards.",

	RuleNoNamesLabel:    "No names of people or places",
	RuleNoNamesMessage:  "Your password contains the name of a person or a place.",
	RuleNoNamesGuidance: "Leave out names of people and places, even with numbers or symbols added or letters swapped for look-alikes (L0nd0n).",

	RuleNoForbiddenWordsLabel:    "No words about you or the job",
	RuleNoForbiddenWordsMessage:  "Your password contains a word that is not allowed: part of your name, username or email, your role or ward, or a word such as NHS or password.",
	RuleNoForbiddenWordsGuidance: "Leave out your own details and words to do with work, such as NHS, ESR, password, ward or your role.",

	RuleNotCommonLabel:            "Not a common password",
	RuleNotCommonMessage:          "Your password is too common: it is on a list of passwords that attackers try first.",
	RuleNotCommonGuidance:         "Choose something less predictable, such as three unrelated words, joined with hyphens.",
	RuleNotCommonGuidanceNoRepeat: "Choose something less predictable, such as three unrelated words with no letter twice in a row, joined with hyphens and a two-digit number with different digits.",

	RuleCharactersGuidance: "Use only letters, numbers, spaces and the symbols on the keyboard.",
	RuleCheckedOnSubmit:    "(checked when you submit)",

	// The auth core's errors.
	LoginFailed:          "The username or password you entered is not right.",
	LoginLockHint:        "After several failed attempts an account may be locked. Resetting your password through Login Assistance unlocks it.",
	ResetFailed:          "The reset code or username is not right, or the code has expired. You can ask for a new code on Login Assistance.",
	PasswordMismatch:     "The passwords you entered do not match.",
	PasswordWrongCurrent: "Your current password is not right.",
	PasswordControl:      "A password cannot hold control or invisible characters.",
	PasswordRefused:      "Your new password does not meet the rules marked with a cross.",
	CardNotEnrolled:      "This card is not enrolled; ask a kiosk maintainer to enrol it.",
	CardWithdrawn:        "This card has been withdrawn from use here.",
	CardAccount:          "The account for this card cannot sign in at the moment; ask a kiosk maintainer.",

	// Emails.
	EmailResetCodeSubject:        "Your ESR password reset code",
	EmailUsernameReminderSubject: "Your ESR username",
	EmailPasswordChangedSubject:  "Your ESR password was changed",
	EmailAccountLockedSubject:    "Your ESR account was locked",
	EmailFooter:                  "This email was sent automatically by the ESR kiosk. Please do not reply to it.",
}

var englishPlural = map[ID]forms{
	RuleMinLengthLabel: {arg: 1,
		one:   "At least %[1]d character",
		other: "At least %[1]d characters"},
	RuleMinLengthMessage: {arg: 1,
		one:   "Your password is too short: it needs at least %[1]d character.",
		other: "Your password is too short: it needs at least %[1]d characters."},
	RuleMinLengthGuidance: {arg: 1,
		one:   "Use at least %[1]d character. Three unrelated words, joined with hyphens, are long and easy to remember.",
		other: "Use at least %[1]d characters. Three unrelated words, joined with hyphens, are long and easy to remember."},
	RuleMinLengthGuidanceNoRepeat: {arg: 1,
		one:   "Use at least %[1]d character. Three unrelated words with no letter twice in a row, joined with hyphens and a two-digit number with different digits, are long and easy to remember.",
		other: "Use at least %[1]d characters. Three unrelated words with no letter twice in a row, joined with hyphens and a two-digit number with different digits, are long and easy to remember."},

	RuleMaxLengthLabel: {arg: 1,
		one:   "At most %[1]d character",
		other: "At most %[1]d characters"},
	RuleMaxLengthMessage: {arg: 1,
		one:   "Your password is too long: use no more than %[1]d character.",
		other: "Your password is too long: use no more than %[1]d characters."},
	RuleMaxLengthGuidance: {arg: 1,
		one:   "Shorten it to %[1]d character or fewer.",
		other: "Shorten it to %[1]d characters or fewer."},

	RuleNotPreviousLabel: {arg: 1,
		one:   "Not current or last password",
		other: "Not current or last %[1]d"},
	RuleNotPreviousMessage: {arg: 1,
		one:   "You have used this password before: it must not be your current password or your last one.",
		other: "You have used this password before: it must not be your current password or any of your last %[1]d."},

	DurationSeconds: {arg: 1, one: "%[1]d second", other: "%[1]d seconds"},
	DurationMinutes: {arg: 1, one: "%[1]d minute", other: "%[1]d minutes"},
	DurationHours:   {arg: 1, one: "%[1]d hour", other: "%[1]d hours"},
}
