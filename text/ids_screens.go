package text

// The words of the kiosk's screens (package screens), screen by screen.
// Field labels, buttons and links are each their own ID even where two
// read alike in English: a heading and a button may differ in another
// language.

// Words more than one screen uses.
const (
	FieldUsername ID = "field.username"
	// UsernameHint is under the username field: what a username looks like.
	UsernameHint  ID = "field.username.hint"
	FieldPassword ID = "field.password"
	ButtonBack    ID = "button.back"
	// SomethingWrong is said when the core fails for no reason staff can
	// act on.
	SomethingWrong ID = "screen.something-wrong"
)

// Login.
const (
	LoginTitle      ID = "login.title"
	ButtonLogIn     ID = "login.button.log-in"
	ButtonSmartcard ID = "login.button.smartcard"
	LinkAssistance  ID = "login.link.assistance"
	LoginChecking   ID = "login.checking"
	LoginNeedBoth   ID = "login.need-both"
	// LoginNeedUsername and LoginNeedPassword ask for the one field left
	// empty.
	LoginNeedUsername ID = "login.need-username"
	LoginNeedPassword ID = "login.need-password"
	LoginNoSmartcard  ID = "login.no-smartcard"
	// DemoBadge and DemoTry are the demo's hint: a badge, and the username
	// and password to try (one value, "<username> <password>").
	DemoBadge ID = "login.demo.badge"
	DemoTry   ID = "login.demo.try"
	// LoginStopped is shown after a maintainer disabled or locked the
	// signed-in account and the kiosk signed it out.
	LoginStopped ID = "login.stopped"
)

// Login Assistance, and Sent after it.
const (
	AssistanceTitle        ID = "assist.title"
	AssistPasswordHeading  ID = "assist.password.heading"
	AssistPasswordGuidance ID = "assist.password.guidance"
	FieldWorkEmail         ID = "assist.field.work-email"
	ButtonForgotPassword   ID = "assist.button.forgot-password"
	AssistUsernameHeading  ID = "assist.username.heading"
	AssistUsernameGuidance ID = "assist.username.guidance"
	FieldDateOfBirth       ID = "assist.field.date-of-birth"
	// DateOfBirthPlaceholder is the date's format, in the empty field.
	DateOfBirthPlaceholder ID = "assist.field.date-of-birth.placeholder"
	ButtonForgotUsername   ID = "assist.button.forgot-username"
	ButtonHaveCode         ID = "assist.button.have-code"
	AssistNeedUserEmail    ID = "assist.need-username-email"
	AssistNeedEmailDOB     ID = "assist.need-email-dob"
	AssistBadDOB           ID = "assist.bad-dob"

	// SentMessage is the one message for every Login Assistance outcome:
	// it never says whether anything matched.
	SentMessage ID = "sent.message"
	// SentCode says how to use the emailed code: the button's label
	// (ButtonHaveCode), then the code's lifetime in minutes.
	SentCode ID = "sent.code"
	// SentNoEmail says what to do without an email: the most an account
	// may get in an hour.
	SentNoEmail       ID = "sent.no-email"
	ButtonBackToLogin ID = "sent.button.back-to-login"
)

// Reset, Change password and the checklist of a new password they share.
const (
	ResetTitle           ID = "reset.title"
	FieldResetCode       ID = "reset.field.code"
	ResetCodePlaceholder ID = "reset.field.code.placeholder"
	FieldConfirmPassword ID = "reset.field.confirm"
	ButtonSetPassword    ID = "reset.button.set"
	ResetSetting         ID = "reset.setting"
	ResetNeedAll         ID = "reset.need-all"
	ResetDone            ID = "reset.done"

	ChangeTitle          ID = "change.title"
	FieldCurrentPassword ID = "change.field.current"
	FieldNewPassword     ID = "change.field.new"
	FieldConfirmNew      ID = "change.field.confirm"
	ButtonChangePassword ID = "change.button.change"
	ButtonCancel         ID = "change.button.cancel"
	ChangeChanging       ID = "change.changing"
	ChangeNeedAll        ID = "change.need-all"
	ChangeDone           ID = "change.done"

	// PasswordsMatchLabel is the checklist's last line, beside the rules.
	PasswordsMatchLabel ID = "password.match.label"
)

// The Portal and the user guides read there.
const (
	// PortalWelcome greets the user by first and last name.
	PortalWelcome      ID = "portal.welcome"
	PortalRole         ID = "portal.role"
	PortalWard         ID = "portal.ward"
	PortalLastSignIn   ID = "portal.last-sign-in"
	PortalNotRecorded  ID = "portal.not-recorded"
	PortalFirstSignIn  ID = "portal.first-sign-in"
	PortalNotYou       ID = "portal.not-you"
	PortalGuides       ID = "portal.guides"
	ButtonLogOut       ID = "portal.button.log-out"
	PortalGuideMissing ID = "portal.guide-missing"

	// When the user last signed in: today, yesterday or on a day
	// (Printer.Date), at a time of day, with or without the terminal.
	// SignInOnTerminal is the terminal alone, on a line of its own where
	// the whole does not fit.
	SignInToday       ID = "portal.sign-in.today"
	SignInTodayOn     ID = "portal.sign-in.today-on"
	SignInYesterday   ID = "portal.sign-in.yesterday"
	SignInYesterdayOn ID = "portal.sign-in.yesterday-on"
	SignInDay         ID = "portal.sign-in.day"
	SignInDayOn       ID = "portal.sign-in.day-on"
	SignInOnTerminal  ID = "portal.sign-in.on-terminal"

	// The guides' titles (assets.GuideList), as the portal lists them.
	GuideTrustComputer ID = "guide.trust-computer.title"
	GuideOtherDevices  ID = "guide.other-devices.title"
	GuideBookingClass  ID = "guide.booking-a-class.title"
	GuideELearning     ID = "guide.e-learning.title"
	// The lines of a guide in view: first, last and how many in all.
	GuideLinesEnd  ID = "guide.lines.end"
	GuideLinesMore ID = "guide.lines.more"
)

// The Smartcard screen; the card's own errors are in ids_card.go.
const (
	CardTitle         ID = "card.title"
	CardInsert        ID = "card.insert"
	CardEnterPasscode ID = "card.enter-passcode"
	CardTakenOut      ID = "card.taken-out"
	CardLocked        ID = "card.locked"
	CardUnreadable    ID = "card.unreadable"
	CardNoService     ID = "card.no-service"
	CardNoReader      ID = "card.no-reader"
	// What the reader sees while the screen waits for a card.
	CardReaderNoCard ID = "card.reader.no-card"
	CardReaderCardIn ID = "card.reader.card-in"
	// CardInReader names the reader holding the card.
	CardInReader     ID = "card.in-reader"
	FieldPasscode    ID = "card.field.passcode"
	CardNeedPasscode ID = "card.need-passcode"
	CardChecking     ID = "card.checking"
)
