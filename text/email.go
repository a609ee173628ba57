package text

import (
	"bytes"
	"fmt"
	"text/template"
	"time"
)

// EmailData is what the emails' words need.
type EmailData struct {
	First, Username string
	Terminal        string        // where it happened
	Code            string        // the reset code; empty for emails without one
	URL             string        // an optional web page for resetting a password
	Trust           string        // the Trust's name, which signs the email
	Lifetime        time.Duration // how long a reset code works
	Locked          time.Duration // how long the lock lasts
}

// emailTemplates are one language's email bodies, each a template named by
// its ID; the templates may call duration, which is Printer.Duration.
type emailTemplates = *template.Template

// parseEmails parses c's email bodies for p, which speaks c's language.
func parseEmails(c *catalogue, p Printer) (emailTemplates, error) {
	t, err := template.New(string(c.lang)).Option("missingkey=error").
		Funcs(template.FuncMap{"duration": p.Duration}).Parse(c.emails)
	if err != nil {
		return nil, fmt.Errorf("text: %s emails: %w", c.lang, err)
	}
	return t, nil
}

// Email returns the plain-text body of the email id (an Email…Body ID) in
// p's language, or in English when p's language has no such email.
func (p Printer) Email(id ID, d EmailData) (string, error) {
	t := p.lang().emails.Lookup(string(id))
	if t == nil {
		if t = catalogues.english.emails.Lookup(string(id)); t == nil {
			return missing(id), fmt.Errorf("text: no email %q", id)
		}
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("text: email %s: %w", id, err)
	}
	return b.String(), nil
}
