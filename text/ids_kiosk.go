package text

// The words of the kiosk's frame around every screen (package ui) and of
// the widgets the kiosk and the console share (ui/widget).
const (
	// KioskWindowTitle is the terminal window's title.
	KioskWindowTitle ID = "kiosk.window-title"
	// HeaderTitle is the header's left side.
	HeaderTitle ID = "kiosk.header"
	// HeaderSignedIn is the header's right side in a session: the name.
	HeaderSignedIn ID = "kiosk.header.signed-in"

	// StatusTerminal names the terminal in the status bar.
	StatusTerminal ID = "status.terminal"
	// The status bar's smartcard item: sign-in by card not set up here, or
	// what the reader sees (the smartcard service down, no reader, no card,
	// a card in), or who is signed in by card.
	StatusCardOff       ID = "status.card.off"
	StatusCardNoService ID = "status.card.no-service"
	StatusCardNoReader  ID = "status.card.no-reader"
	StatusCardNoCard    ID = "status.card.no-card"
	StatusCardIn        ID = "status.card.card-in"
	StatusCardSession   ID = "status.card.session"

	// The idle warning: a question, what happens in how many seconds (a
	// plural message on the seconds), and how to stay.
	IdleStillThere ID = "idle.still-there"
	IdleClear      ID = "idle.clear"
	IdleLogout     ID = "idle.logout"
	// IdleConsole is the maintainers' console's: its session closes.
	IdleConsole ID = "idle.console"
	IdleStay    ID = "idle.stay"

	// The words in place of a frame too small to draw: which program, then
	// the size to make it (the least width and height, then the window's).
	TooSmallKiosk   ID = "too-small.kiosk"
	TooSmallConsole ID = "too-small.console"
	TooSmallSize    ID = "too-small.size"
)

// The help line's words for what a key does (key.WithHelp's description;
// the key's own name, "tab" or "enter", is not translated), and HelpAnyKey,
// which stands where a key's name goes while the idle warning shows.
const (
	HelpNext     ID = "help.next"
	HelpPrevious ID = "help.previous"
	HelpChoose   ID = "help.choose"
	HelpOpen     ID = "help.open"
	// HelpLogIn, HelpSetPassword and HelpChangePassword are Enter on the
	// field that submits a form.
	HelpLogIn          ID = "help.log-in"
	HelpSetPassword    ID = "help.set-password"
	HelpChangePassword ID = "help.change-password"
	HelpShowPassword   ID = "help.show-password"
	// HelpHidePassword is ctrl+r while the focused password shows what was
	// typed: it masks it again.
	HelpHidePassword ID = "help.hide-password"
	// HelpShowPasscode and HelpHidePasscode are ctrl+r on a smartcard's
	// passcode, which is not a password.
	HelpShowPasscode ID = "help.show-passcode"
	HelpHidePasscode ID = "help.hide-passcode"
	HelpBack         ID = "help.back"
	HelpBackToLogin  ID = "help.back-to-login"
	HelpClear        ID = "help.clear"
	HelpScroll       ID = "help.scroll"
	HelpPage         ID = "help.page"
	HelpTopBottom    ID = "help.top-bottom"
	HelpAnyKey       ID = "help.any-key"
	HelpStay         ID = "help.stay"
)

// Dates and times as staff read them (Printer.Clock, Printer.Date): the
// names of the days and months, short, and the orders they come in.
const (
	// DateClock is the status bar's clock: weekday, day of the month,
	// month and the time of day ("Mon 2 Jan 15:04").
	DateClock ID = "date.clock"
	// DateDay is a day: weekday, day of the month, month and year ("Mon 2
	// Jan 2006").
	DateDay ID = "date.day"

	DateSun ID = "date.sun"
	DateMon ID = "date.mon"
	DateTue ID = "date.tue"
	DateWed ID = "date.wed"
	DateThu ID = "date.thu"
	DateFri ID = "date.fri"
	DateSat ID = "date.sat"

	DateJan ID = "date.jan"
	DateFeb ID = "date.feb"
	DateMar ID = "date.mar"
	DateApr ID = "date.apr"
	DateMay ID = "date.may"
	DateJun ID = "date.jun"
	DateJul ID = "date.jul"
	DateAug ID = "date.aug"
	DateSep ID = "date.sep"
	DateOct ID = "date.oct"
	DateNov ID = "date.nov"
	DateDec ID = "date.dec"
)
