package text

// The words for the errors of a card sign-in (package smartcard and its
// certificate checks), which the Smartcard screen shows the card holder.
const (
	CardErrNoService      ID = "card.err.no-service"
	CardErrNoReader       ID = "card.err.no-reader"
	CardErrNoCard         ID = "card.err.no-card"
	CardErrRemoved        ID = "card.err.removed"
	CardErrNotRecognised  ID = "card.err.not-recognised"
	CardErrWrongPasscode  ID = "card.err.wrong-passcode"
	CardErrBlocked        ID = "card.err.blocked"
	CardErrPasscodeFormat ID = "card.err.passcode-format"
	CardErrBadSignature   ID = "card.err.bad-signature"
	// CardErrTriesLeft is a wrong passcode and the tries the card has left
	// before it blocks itself, one or more.
	CardErrTriesLeft ID = "card.err.tries-left"
	// CardErrTriesFew is a wrong passcode on a card that says only that few
	// tries are left, not how many (a PKCS#11 token's "count low").
	CardErrTriesFew ID = "card.err.tries-few"
	// CardWarnLastTry is said when a card goes in whose next wrong
	// passcode blocks it, before the passcode is typed.
	CardWarnLastTry ID = "card.warn.last-try"
	// CardErrDriver is card sign-in out of order at this kiosk: its card
	// driver (a vendor's PKCS#11 module) did not load.
	CardErrDriver ID = "card.err.driver"

	CardErrExpired     ID = "card.err.expired"
	CardErrNotYetValid ID = "card.err.not-yet-valid"
	CardErrUntrusted   ID = "card.err.untrusted"
	CardErrRevoked     ID = "card.err.revoked"
	CardErrKeyUsage    ID = "card.err.key-usage"
	CardErrKeyType     ID = "card.err.key-type"
)
