package remote

import (
	"context"
	"errors"

	"github.com/wardkiosk/kiosk/auth"
)

// Roster asks the service for this kiosk's ward's roster: the users who
// signed in online on the ward within days, with the Trust's CA and CRL.
func (c *Client) Roster(ctx context.Context, days int) (auth.Roster, error) {
	return auth.Roster{}, errors.New("remote: roster not built yet")
}
