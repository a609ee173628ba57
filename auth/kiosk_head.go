package auth

import (
	"context"
	"errors"
	"fmt"
)

// KioskChainHead is the head of a kiosk's event chain as the service
// holds it: the highest sequence stored from the terminal and that
// event's hash; zero and "" when none is stored. The service tells it in
// each heartbeat's answer, so a kiosk that died between the service
// storing a batch and marking it acknowledged does not send it again, and
// a kiosk whose outbox was rewritten below it finds out.
type KioskChainHead struct {
	Seq  int64
	Hash string
}

// KioskChainHead returns the chain head the service holds for terminal.
func (s *Service) KioskChainHead(ctx context.Context, terminal string) (KioskChainHead, error) {
	h, err := read(ctx, s, func(tx ReadTx) (KioskChainHead, error) {
		seq, err := tx.LastKioskEventSeq(ctx, terminal)
		if err != nil || seq == 0 {
			return KioskChainHead{}, err
		}
		e, err := tx.KioskEventBySeq(ctx, terminal, seq)
		if errors.Is(err, ErrNotFound) {
			return KioskChainHead{}, nil
		}
		return KioskChainHead{Seq: seq, Hash: e.Hash}, err
	})
	if err != nil {
		return KioskChainHead{}, fmt.Errorf("auth: kiosk chain head: %w", err)
	}
	return h, nil
}
