package text

// The emails the kiosk sends: a subject (a message) and a body (a
// template, see Printer.Email) for each kind, and the words the mail
// worker adds around every body.
const (
	EmailResetCodeSubject ID = "email.reset-code.subject"
	EmailResetCodeBody    ID = "email.reset-code.body"

	EmailUsernameReminderSubject ID = "email.username-reminder.subject"
	EmailUsernameReminderBody    ID = "email.username-reminder.body"

	EmailPasswordChangedSubject ID = "email.password-changed.subject"
	EmailPasswordChangedBody    ID = "email.password-changed.body"

	EmailAccountLockedSubject ID = "email.account-locked.subject"
	EmailAccountLockedBody    ID = "email.account-locked.body"

	// EmailFooter closes the HTML part of every email.
	EmailFooter ID = "email.footer"
)

// Durations in words (Printer.Duration); each takes the count.
const (
	DurationSeconds ID = "duration.seconds"
	DurationMinutes ID = "duration.minutes"
	DurationHours   ID = "duration.hours"
)
