package auth

import "context"

// ActMaintainerKeyRemoved is a maintainer's open SSH connection closed
// because their key left the authorised keys file.
const ActMaintainerKeyRemoved = "maintainer.key-removed"

// MaintainerKeyRemoved records that the maintainer by lost their open
// connection when their key was removed.
func (s *Service) MaintainerKeyRemoved(ctx context.Context, by Actor) error {
	return s.o.Store.Tx(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, by, ActMaintainerKeyRemoved, "", "open connection closed")
	})
}
