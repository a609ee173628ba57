// Package smartcard is smartcard sign-in over PC/SC (DESIGN §6): a Monitor
// that watches readers and cards through pcscd and hands the UI events,
// and an Authenticator that has the card in a reader prove itself with
// the holder's passcode.
//
// The Smartcard screen uses it like this:
//
//	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
//	defer m.Close()
//	// a tea.Cmd that waits for the next event, re-issued after each:
//	func() tea.Msg { ev, ok := <-m.Events(); ... }
//	// the status bar: which of its words for m.State().Condition()
//	// on passcode submit, in a tea.Cmd:
//	sess, err := svc.CardLogin(ctx, terminal, authn.Reader(ev.Reader), passcode)
//
// Errors are sentinels, each with words for the card holder in the text
// catalogue (text.ForError): ErrNoService, ErrNoReader, ErrNoCard,
// ErrCardRemoved, ErrNotRecognised, ErrWrongPasscode (a *PasscodeError
// with the tries left), ErrBlocked, ErrPasscodeFormat, ErrExpired,
// ErrNotYetValid, ErrUntrusted, ErrRevoked, ErrBadSignature, and from the
// core ErrNotEnrolled, ErrWithdrawn, ErrAccount.
//
// Reader names and everything a card says are outside input: pass them
// through the sanitize package before they reach a screen.
package smartcard
