package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/wardkiosk/kiosk/screens"
	"github.com/wardkiosk/kiosk/smartcard"
)

// Card removal actions (config card_removal).
const (
	RemovalLogout = "logout"
	RemovalLock   = "lock"
	RemovalNone   = "none"
)

// card acts on a reader event: the screen has it first (the Smartcard
// screen takes a card in and out); otherwise a card in jumps to the
// passcode prompt from any screen without a session, and pulling the card
// of a smartcard session logs out, locks or does nothing, as configured.
func (a *App) card(ev smartcard.Event) tea.Cmd {
	switch ev.Kind {
	case smartcard.CardInserted:
		if s, cmd, ok := a.screen.Card(ev); ok {
			a.screen = s
			return cmd
		}
		if a.session != nil || a.screen.Busy() {
			return nil
		}
		a.idle.Touch(a.env.Now()) // a card is activity, and goes on to sign in
		a.name = screens.SmartcardScreen
		a.screen = screens.NewSmartcard(a.env, ev.Reader, false)
		a.fit()
		return a.screen.Init()
	case smartcard.CardRemoved, smartcard.ReaderRemoved:
		if s, cmd, ok := a.screen.Card(ev); ok {
			a.screen = s
			return cmd
		}
		if a.session == nil || a.cardReader == "" || a.cardReader != ev.Reader || a.locked {
			return nil
		}
		action := a.opt.CardRemoval
		if action == "" {
			action = RemovalLogout
		}
		sess := *a.session
		audit := func() tea.Msg {
			if a.env.Cards != nil {
				a.env.Cards.CardRemoved(a.env.Ctx, sess, action) // best effort: the audit row
			}
			return nil
		}
		switch action {
		case RemovalNone:
			return audit
		case RemovalLock:
			a.locked = true
			a.idle.Dismiss()
			a.name = screens.SmartcardScreen
			a.screen = screens.NewSmartcard(a.env, "", true)
			a.fit()
			return audit
		}
		return tea.Batch(audit, a.signOut("")) // card.removed says it
	}
	return nil
}
