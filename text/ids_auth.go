package text

// The words for the errors the auth core returns to staff (auth's
// sentinel errors carry these IDs; see ForError). None says whether an
// account exists.
const (
	// LoginFailed is the one answer to a failed sign-in, whatever failed.
	LoginFailed ID = "login.failed"
	// LoginLockHint follows LoginFailed after several failures at one
	// terminal (auth.LoginError.Hint).
	LoginLockHint ID = "login.lock-hint"
	// ResetFailed is the one answer to a wrong, used or expired reset code
	// or a username it does not belong to.
	ResetFailed ID = "reset.failed"

	// PasswordMismatch: the new password and its confirmation differ.
	PasswordMismatch ID = "password.mismatch"
	// PasswordWrongCurrent: the current password given to change it is wrong.
	PasswordWrongCurrent ID = "password.wrong-current"
	// PasswordControl: a password holds control or invisible characters
	// (zero-width spaces and joiners, direction marks). It is also the
	// message of the "characters" failure that policy check reports.
	PasswordControl ID = "password.control-characters"
	// PasswordRefused: a new password breaks rules, which the checklist
	// beside it marks with a cross.
	PasswordRefused ID = "password.refused"

	// CardNotEnrolled: the card is genuine but enrolled to nobody.
	CardNotEnrolled ID = "card.not-enrolled"
	// CardWithdrawn: a maintainer revoked the card's enrolment.
	CardWithdrawn ID = "card.withdrawn"
	// CardAccount: the card's account is disabled or locked.
	CardAccount ID = "card.account"
)
