package text

import "errors"

// Error is an error with words for staff. Its Error() is for developers and
// logs; what a screen shows is the catalogue's words for Text().
type Error interface {
	error
	Text() Msg
}

// ForError returns the words for staff of the first error in err's chain
// that has them (an Error), and false when none has: the caller then says
// something general, never err.Error().
func ForError(err error) (Msg, bool) {
	var e Error
	if errors.As(err, &e) {
		return e.Text(), true
	}
	return Msg{}, false
}

// NewError returns a sentinel error, compared with errors.Is, whose
// Error() is developer and whose words for staff are id. When parent is
// not nil the error is parent too to errors.Is, so callers acting on a
// broader sentinel (auth.ErrInvalid) still see it.
func NewError(id ID, developer string, parent error) error {
	return &sentinel{id: id, msg: developer, parent: parent}
}

// sentinel is the error NewError returns.
type sentinel struct {
	id     ID
	msg    string
	parent error
}

func (e *sentinel) Error() string { return e.msg }

// Text returns the error's words for staff.
func (e *sentinel) Text() Msg { return Msg{ID: e.id} }

// Unwrap returns the broader sentinel e also is, if any.
func (e *sentinel) Unwrap() error { return e.parent }
