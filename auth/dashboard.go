package auth

import (
	"context"
	"fmt"
)

// Dashboard is the state of the kiosks as the maintainers' console shows
// it, read as one snapshot so that its parts agree: an account shown
// locked has its lock among the events, a card its enrolment.
type Dashboard struct {
	Terminals []Terminal
	Messages  []Message // without bodies: they may hold reset codes
	Accounts  []Account
	Cards     []Card
	Events    []Event  // the newest, oldest first
	Words     []string // the forbidden words in force
}

// Dashboard reads the dashboard, with the newest events audit events, in
// one read transaction: it never waits for a sign-in, nor holds one up.
func (s *Service) Dashboard(ctx context.Context, events int) (Dashboard, error) {
	d, err := read(ctx, s, func(tx ReadTx) (Dashboard, error) {
		var d Dashboard
		var err error
		if d.Terminals, err = tx.ListTerminals(ctx); err != nil {
			return d, err
		}
		if d.Messages, err = tx.Messages(ctx); err != nil {
			return d, err
		}
		if d.Accounts, err = accounts(ctx, tx); err != nil {
			return d, err
		}
		if d.Cards, err = tx.ListCards(ctx); err != nil {
			return d, err
		}
		if d.Events, err = tx.Events(ctx, events); err != nil {
			return d, err
		}
		d.Words, err = tx.ForbiddenWords(ctx)
		return d, err
	})
	if err != nil {
		return Dashboard{}, fmt.Errorf("auth: dashboard: %w", err)
	}
	for i := range d.Messages {
		d.Messages[i].Body = ""
	}
	d.Words = s.wordsInForce(d.Words)
	return d, nil
}
