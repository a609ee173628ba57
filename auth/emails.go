package auth

import (
	"bytes"
	"context"
	"fmt"
	"text/template"
	"time"
)

// emailTemplates are the plain-text bodies queued in the outbox. A code, when
// there is one, stands on a line of its own so it is easy to copy.
var emailTemplates = template.Must(template.New("").Parse(`
{{define "how-to-reset"}}On the kiosk choose "Forgotten your username or password?", then
"I have a reset code", and enter the code with your username and a new
password. The code works once and expires in {{.Lifetime}}.
{{- if .URL}}

You can also reset your password here: {{.URL}}
{{- end}}{{end}}
{{define "reset-code"}}Hello {{.First}},

Someone asked to reset the password of your ESR Employee Self Service
account {{.Username}} at terminal {{.Terminal}}.

Your reset code is:

{{.Code}}

{{template "how-to-reset" .}}

If this wasn't you, you can ignore this email: your password has not
changed. If it keeps happening, tell your IT service desk.

{{.Trust}}
{{end}}
{{define "username-reminder"}}Hello {{.First}},

You asked for your ESR Employee Self Service username at terminal
{{.Terminal}}. Your username is:

{{.Username}}

To set your password now, use this reset code:

{{.Code}}

{{template "how-to-reset" .}}

If this wasn't you, you can ignore this email. If it keeps happening,
tell your IT service desk.

{{.Trust}}
{{end}}
{{define "password-changed"}}Hello {{.First}},

The password of your ESR Employee Self Service account {{.Username}}
was changed at terminal {{.Terminal}}.

If this was you, there is nothing more to do.

If this wasn't you, contact your IT service desk straight away: someone
may have your reset code or your password.

{{.Trust}}
{{end}}
{{define "account-locked"}}Hello {{.First}},

Your ESR Employee Self Service account {{.Username}} was locked at
terminal {{.Terminal}} after too many failed sign-in attempts in a row.

It unlocks by itself in {{.Locked}}. To unlock it now, reset your
password: on the kiosk choose "Forgotten your username or password?",
then "Forgot password".

If this wasn't you, someone may be trying to guess your password: reset
it as soon as you can and tell your IT service desk.

{{.Trust}}
{{end}}`))

var emailSubjects = map[string]string{
	KindResetCode:        "Your ESR password reset code",
	KindUsernameReminder: "Your ESR username",
	KindPasswordChanged:  "Your ESR password was changed",
	KindAccountLocked:    "Your ESR account was locked",
}

// compose renders the email of a kind for u. code is empty for kinds
// without one.
func (s *Service) compose(kind string, u User, terminal, code string) (Message, error) {
	return s.composeLocked(kind, u, terminal, code, 0)
}

// queue composes the email of a kind for u and puts it in the outbox
// inside tx.
func (s *Service) queue(ctx context.Context, tx Tx, kind string, u User, terminal, code string) error {
	m, err := s.compose(kind, u, terminal, code)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, &m)
}

// composeLocked is compose for the account-locked email, which says how
// long the lock lasts.
func (s *Service) composeLocked(kind string, u User, terminal, code string, locked time.Duration) (Message, error) {
	var body bytes.Buffer
	data := struct {
		First, Username, Terminal, Code, Lifetime, URL, Trust, Locked string
	}{u.FirstName, u.Username, terminal, code, lifetime(s.o.CodeLifetime), s.o.ResetURL, s.o.TrustName, lifetime(locked)}
	if err := emailTemplates.ExecuteTemplate(&body, kind, data); err != nil {
		return Message{}, fmt.Errorf("auth: email %s: %w", kind, err)
	}
	return Message{CreatedAt: s.now(), UserID: u.ID, Kind: kind, To: u.Email,
		Subject: emailSubjects[kind], Body: body.String(), Status: MessageQueued}, nil
}

// lifetime says a duration in words: "30 minutes", "1 hour".
func lifetime(d time.Duration) string {
	m := int(d.Minutes())
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int(d.Seconds()))
	case m%60 == 0 && m >= 120:
		return fmt.Sprintf("%d hours", m/60)
	case m == 60:
		return "1 hour"
	case m == 1:
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}
