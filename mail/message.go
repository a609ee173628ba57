package mail

import (
	"fmt"
	"net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
)

// compose turns an outbox message into the email that goes on the wire:
// the queued plain text and its HTML rendering as alternatives.
//
// The Message-ID is made from the outbox id and creation time, so a message
// sent twice (a crash between the relay's OK and the outbox update) is
// recognisably one message to the relay and to the reader's mail client.
func compose(m auth.Message, from *mail.Address, trust string) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	// The body and subject were composed from names and terminal labels;
	// clean them again here so that no row, however it got into the
	// outbox, mails a bidirectional override or an invisible character.
	m.Subject, m.Body = sanitize.Line(m.Subject), sanitize.Text(m.Body)
	msg.Subject(m.Subject)
	msg.SetDateWithValue(m.CreatedAt)
	msg.SetMessageIDWithValue(messageID(m, from))
	// Automatic mail: no out-of-office replies to the no-reply sender.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetUserAgent("Ward Kiosk")
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	html, err := renderHTML(m.Subject, m.Body, trust)
	if err != nil {
		return nil, err
	}
	msg.AddAlternativeString(gomail.TypeTextHTML, html)
	return msg, nil
}

// messageID is "ward-kiosk.<id>.<created ns>@<the sender's domain>".
func messageID(m auth.Message, from *mail.Address) string {
	domain := "localhost"
	if _, d, ok := strings.Cut(from.Address, "@"); ok && d != "" {
		domain = d
	}
	return fmt.Sprintf("ward-kiosk.%d.%d@%s", m.ID, m.CreatedAt.UnixNano(), domain)
}
