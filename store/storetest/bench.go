package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// Bench measures the store's share of the hot operations, the same
// benchmark for every store: a password sign-in, wrong and right (argon2id
// at its cheapest, so the verify does not hide the store), the reset
// code's lookup as Reset makes it, and one audit append.
func Bench(b *testing.B, newDB NewDB) {
	ctx := context.Background()
	b.Run("login-wrong", func(b *testing.B) {
		svc := service(b, newDB(b).Open(), func(o *auth.Options) { o.LockThreshold = 1 << 30 })
		jane := newStaff(b, svc)
		for b.Loop() {
			if _, err := svc.Login(ctx, "BENCH", jane.Username, "Wrong-Guess-Again-58"); !errors.Is(err, auth.ErrLoginFailed) {
				b.Fatal(err)
			}
		}
	})
	b.Run("login-right", func(b *testing.B) {
		svc := service(b, newDB(b).Open(), nil)
		jane := newStaff(b, svc)
		for b.Loop() {
			if _, err := svc.Login(ctx, "BENCH", jane.Username, goodPassword); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("reset-code-lookup", func(b *testing.B) {
		st := newDB(b).Open()
		svc := service(b, st, nil)
		jane := newStaff(b, svc)
		if err := svc.ForgotPassword(ctx, "BENCH", jane.Username, jane.Email); err != nil {
			b.Fatal(err)
		}
		// What the first transaction of Reset reads: the account, its live
		// code and this terminal's tries at it.
		for b.Loop() {
			err := st.Tx(ctx, func(tx auth.Tx) error {
				u, err := tx.UserByUsername(ctx, jane.Username)
				if err != nil {
					return err
				}
				c, err := tx.LiveCode(ctx, u.ID, time.Now())
				if err != nil {
					return err
				}
				_, err = tx.CodeTries(ctx, c.ID, "BENCH")
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("audit-append", func(b *testing.B) {
		st := newDB(b).Open()
		i := 0
		for b.Loop() {
			i++
			err := st.Tx(ctx, func(tx auth.Tx) error {
				last, err := tx.LastEvent(ctx)
				if err != nil && !errors.Is(err, auth.ErrNotFound) {
					return err
				}
				e := auth.Event{At: time.Now(), Terminal: "BENCH", Actor: "-", Action: auth.ActLoginFailed,
					Subject: "382JSMITH01", Detail: "wrong password", PrevHash: last.Hash, Hash: fmt.Sprint(i)}
				return tx.AppendEvent(ctx, &e)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}
