package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/text"
)

// emailWords are the catalogue's subject and body of each kind of email.
var emailWords = map[string]struct{ subject, body text.ID }{
	KindResetCode:        {text.EmailResetCodeSubject, text.EmailResetCodeBody},
	KindUsernameReminder: {text.EmailUsernameReminderSubject, text.EmailUsernameReminderBody},
	KindPasswordChanged:  {text.EmailPasswordChangedSubject, text.EmailPasswordChangedBody},
	KindAccountLocked:    {text.EmailAccountLockedSubject, text.EmailAccountLockedBody},
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
	w, ok := emailWords[kind]
	if !ok {
		return Message{}, fmt.Errorf("auth: no email of kind %q", kind)
	}
	// An email speaks its reader's language, whatever the terminal spoke.
	p := text.For(u.Language)
	line := sanitize.Line
	body, err := p.Email(w.body, text.EmailData{First: line(u.FirstName), Username: line(u.Username),
		Terminal: line(terminal), Code: code, URL: line(s.o.ResetURL), Trust: line(s.o.TrustName),
		Lifetime: s.o.CodeLifetime, Locked: locked})
	if err != nil {
		return Message{}, fmt.Errorf("auth: email %s: %w", kind, err)
	}
	return Message{CreatedAt: s.now(), UserID: u.ID, Kind: kind, To: u.Email,
		Subject: p.T(w.subject), Body: body, Status: MessageQueued}, nil
}
