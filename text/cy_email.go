package text

// placeholder: replaced by the translation

const welshEmails = `
{{define "how-to-reset"}}On the kiosk choose "Forgotten your username or password?", then
"I have a reset code", and enter the code with your username and a new
password. The code works once and expires in {{duration .Lifetime}}.
{{- if .URL}}

You can also reset your password here: {{.URL}}
{{- end}}{{end}}
{{define "email.reset-code.body"}}Helo {{.First}},

Someone asked to reset the password of your ESR Employee Self Service
account {{.Username}} at terminal {{.Terminal}}.

Your reset code is:

{{.Code}}

{{template "how-to-reset" .}}

If this wasn't you, you can ignore this email: your password has not
changed. If it keeps happening, tell your IT service desk.

{{.Trust}}
{{end}}
{{define "email.username-reminder.body"}}Helo {{.First}},

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
{{define "email.password-changed.body"}}Helo {{.First}},

The password of your ESR Employee Self Service account {{.Username}}
was changed at terminal {{.Terminal}}.

If this was you, there is nothing more to do.

If this wasn't you, contact your IT service desk straight away: someone
may have your reset code or your password.

{{.Trust}}
{{end}}
{{define "email.account-locked.body"}}Helo {{.First}},

Your ESR Employee Self Service account {{.Username}} was locked at
terminal {{.Terminal}} after too many failed sign-in attempts in a row.

It unlocks by itself in {{duration .Locked}}. To unlock it now, reset your
password: on the kiosk choose "Forgotten your username or password?",
then "Forgot password".

If this wasn't you, someone may be trying to guess your password: reset
it as soon as you can and tell your IT service desk.

{{.Trust}}
{{end}}`
