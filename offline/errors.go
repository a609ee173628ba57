package offline

import (
	"errors"
	"fmt"

	"github.com/wardkiosk/kiosk/text"
)

// Refusals of offline sign-in. Staff read the words of their text IDs
// (text.ForError), each saying what to do instead. A disabled or locked
// account or a withdrawn card is refused with the errors online card
// sign-in gives (auth.ErrCardAccount, auth.ErrCardWithdrawn), and a
// failed password with auth.ErrLoginFailed, so offline tells no more.
var (
	// ErrCardOff means offline card sign-in is off, or the kiosk has no
	// reader or no Trust CA to check cards with.
	ErrCardOff = text.NewError(text.OfflineCardSignIn, "offline: smartcard sign-in is not available offline here", nil)
	// ErrPasswordOff means offline password sign-in is off.
	ErrPasswordOff = text.NewError(text.OfflinePasswordSignIn, "offline: password sign-in is not available offline here", nil)
	// ErrNotOnRoster means the card's holder is not on this ward's
	// roster: not enrolled, or not signed in online on the ward lately.
	ErrNotOnRoster = text.NewError(text.OfflineNotOnRoster, "offline: not on this ward's roster", nil)
	// ErrTooLong means the last sync or the cached CRL is too old.
	ErrTooLong = text.NewError(text.OfflineTooLong, "offline: offline too long (the last sync or the CRL is too old)", nil)
	// ErrPasswordClosed means offline password sign-in is closed for the
	// user until their next online sign-in.
	ErrPasswordClosed = text.NewError(text.OfflinePasswordClosed, "offline: password sign-in closed until an online sign-in", nil)
	// ErrPasswordWait is what every WaitError is to errors.Is; its words
	// need the minutes, so staff read a WaitError's.
	ErrPasswordWait = errors.New("offline: too many wrong passwords; wait")
)

// WaitError refuses offline password sign-in for a while after wrong
// passwords. It is ErrPasswordWait to errors.Is.
type WaitError struct {
	Minutes int // whole minutes left, at least 1
}

func (e *WaitError) Error() string {
	return fmt.Sprintf("offline: too many wrong passwords; %d minutes to wait", e.Minutes)
}

// Is makes a WaitError match ErrPasswordWait.
func (e *WaitError) Is(target error) bool { return target == ErrPasswordWait }

// Text returns the words staff read: the minutes left.
func (e *WaitError) Text() text.Msg {
	return text.Msg{ID: text.OfflinePasswordWait, Args: []any{e.Minutes}}
}
