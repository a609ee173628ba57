package remote

import (
	"context"
	"fmt"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/api/gen/kiosk/v1/kioskv1connect"
	"github.com/wardkiosk/kiosk/auth"
)

// Roster asks the service for this kiosk's ward's roster: the users who
// signed in online on the ward within days, with the Trust's CA and CRL.
// The ward is the one registered with this kiosk's certificate; days <= 0
// asks for the service's default, and the service caps it.
func (c *Client) Roster(ctx context.Context, days int) (auth.Roster, error) {
	req := &kioskv1.RosterRequest{RosterDays: int32(min(max(days, 0), auth.MaxRosterDays))}
	res, err := call(ctx, c, c.o.CallTimeout, func(ctx context.Context, api kioskv1connect.KioskServiceClient) (*kioskv1.RosterResponse, error) {
		r, err := api.Roster(ctx, connect.NewRequest(req))
		return msg(r, err)
	})
	if err != nil {
		return auth.Roster{}, fmt.Errorf("remote: roster: %w", err)
	}
	r := auth.Roster{Ward: res.GetWard(), CAPEM: res.GetCaPem(), CRLPEM: res.GetCrlPem(),
		ServerTime: fromNanos(res.GetServerTime()), Users: make([]auth.RosterUser, 0, len(res.GetUsers()))}
	for _, u := range res.GetUsers() {
		r.Users = append(r.Users, auth.RosterUser{Username: u.GetUsername(), FirstName: u.GetFirstName(),
			LastName: u.GetLastName(), Role: u.GetRole(), Ward: u.GetWard(), Language: u.GetLanguage(),
			Disabled: u.GetDisabled(), Locked: u.GetLocked(), SignedIn: fromNanos(u.GetSignedIn()),
			Cards: u.GetCardFingerprints()})
	}
	return r, nil
}
