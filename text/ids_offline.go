package text

// The words of a client kiosk working offline (DESIGN §10): the status
// bar's, and what the screens that need the Trust's service say instead
// of sending a request. None of them depends on what was typed: offline,
// a kiosk tells no more than standalone does.
const (
	// StatusOffline is the status bar's item while the kiosk works offline.
	StatusOffline ID = "status.offline"
	// OfflineAssistance: Login Assistance needs the network.
	OfflineAssistance ID = "offline.assistance"
	// OfflineReset: a reset with an emailed code needs the network.
	OfflineReset ID = "offline.reset"
	// OfflineChangePassword: changing a password needs the network.
	OfflineChangePassword ID = "offline.change-password"
	// OfflinePasswordSignIn: password sign-in is not available offline.
	OfflinePasswordSignIn ID = "offline.password-sign-in"

	// The refusals of offline sign-in, each with what to do instead.

	// OfflineCardSignIn: smartcard sign-in is not available offline here.
	OfflineCardSignIn ID = "offline.card-sign-in"
	// OfflineNotOnRoster: the card's holder is not on this ward's roster.
	OfflineNotOnRoster ID = "offline.not-on-roster"
	// OfflineTooLong: the kiosk has been offline too long (sync or CRL too old).
	OfflineTooLong ID = "offline.too-long"
	// OfflinePasswordWait: too many wrong passwords offline; %[1]d minutes left.
	OfflinePasswordWait ID = "offline.password-wait"
	// OfflinePasswordClosed: offline password sign-in is closed for the
	// user until they sign in online.
	OfflinePasswordClosed ID = "offline.password-closed"

	// What Login and Smartcard say of offline sign-in while the kiosk can
	// still sign staff in (offline.Gate's CardOffered, PasswordOffered).
	// The words are the same for everyone: they say who may, never whether
	// an account is on this kiosk's roster.

	// OfflinePasswordOffered: password sign-in goes on offline, for staff
	// who signed in at this kiosk recently.
	OfflinePasswordOffered ID = "offline.password-offered"
	// OfflineSessionChangePassword: a session granted offline cannot
	// change a password, even once the kiosk is back online: the service
	// never saw that sign-in.
	OfflineSessionChangePassword ID = "offline.session-change-password"
	// OfflineCardOffered: card sign-in goes on offline, for this ward's staff.
	OfflineCardOffered ID = "offline.card-offered"
)
