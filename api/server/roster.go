package server

import (
	"context"
	"fmt"
	"os"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
)

// TrustFiles is Options.TrustPEM for the service's card trust files
// (trust.ca_file, trust.crl_file): read at each call, so a kiosk syncing
// after the CRL was replaced gets the new one. No CA file: none to serve.
func TrustFiles(caFile, crlFile string) func() (caPEM, crlPEM []byte, err error) {
	return func() ([]byte, []byte, error) {
		if caFile == "" {
			return nil, nil, nil
		}
		ca, err := os.ReadFile(caFile)
		if err != nil {
			return nil, nil, fmt.Errorf("server: trust.ca_file: %w", err)
		}
		if crlFile == "" {
			return ca, nil, nil
		}
		crl, err := os.ReadFile(crlFile)
		if err != nil {
			return nil, nil, fmt.Errorf("server: trust.crl_file: %w", err)
		}
		return ca, crl, nil
	}
}

// Roster is the calling terminal's ward's roster, with the card CA and
// CRL as the service holds them. Nothing in it is a secret of anyone's:
// the auth core leaves out hashes, codes, emails and dates of birth.
func (h *handler) Roster(ctx context.Context, req *connect.Request[kioskv1.RosterRequest]) (*connect.Response[kioskv1.RosterResponse], error) {
	term, err := h.terminal(ctx)
	if err != nil {
		return nil, h.fail(ctx, "Roster", term, err)
	}
	r, err := h.s.o.Service.Roster(ctx, term.Name, int(req.Msg.GetRosterDays()))
	if err != nil {
		return nil, h.fail(ctx, "Roster", term, err)
	}
	res := &kioskv1.RosterResponse{Ward: r.Ward, ServerTime: nanos(r.ServerTime),
		Users: make([]*kioskv1.RosterUser, 0, len(r.Users))}
	if h.s.o.TrustPEM != nil {
		// A CRL the service cannot read fails the call rather than leave
		// the kiosk a roster it cannot check a card against.
		if res.CaPem, res.CrlPem, err = h.s.o.TrustPEM(); err != nil {
			return nil, h.fail(ctx, "Roster", term, err)
		}
	}
	for _, u := range r.Users {
		res.Users = append(res.Users, &kioskv1.RosterUser{Username: u.Username, FirstName: u.FirstName,
			LastName: u.LastName, Role: u.Role, Ward: u.Ward, Language: u.Language, Disabled: u.Disabled,
			Locked: u.Locked, SignedIn: nanos(u.SignedIn), CardFingerprints: u.Cards})
	}
	return connect.NewResponse(res), nil
}
