package auth_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// Many sign-ins at once run at most MaxArgon argon2id verifies at once:
// the rest wait their turn, unknown users and wrong passwords alike, and
// every one of them is answered.
func TestLoginsRunBoundedVerifies(t *testing.T) {
	for _, limit := range []int{1, 2} {
		t.Run(fmt.Sprintf("max-%d", limit), func(t *testing.T) {
			f := newFixture(t, func(o *auth.Options) {
				// Slow enough (a few ms) that unbounded verifies overlap.
				o.Argon = auth.Argon2{Memory: 4096, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
				o.MaxArgon = limit
			})
			u := f.jane()
			var wg sync.WaitGroup
			errs := make(chan error, 30)
			for i := range 30 {
				wg.Go(func() {
					user, pass := u.Username, goodPassword
					switch i % 3 {
					case 1:
						pass = "Wrong-Guess-Again-58"
					case 2:
						user = "nobody.here"
					}
					_, err := f.svc.Login(f.ctx, fmt.Sprintf("T%d", i), user, pass)
					var lerr *auth.LoginError
					if (err == nil) != (i%3 == 0) || (err != nil && !errors.As(err, &lerr)) {
						errs <- fmt.Errorf("sign-in %d (%s): %v", i, user, err)
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			running, waiting, peak, _ := auth.ArgonLoad(f.svc)
			if peak < 1 || peak > int64(limit) {
				t.Errorf("%d argon2id runs at once, want 1 to %d", peak, limit)
			}
			if running != 0 || waiting != 0 {
				t.Errorf("after the sign-ins: %d running, %d waiting; want none", running, waiting)
			}
		})
	}
}

// A sign-in waiting for a verify slot whose kiosk gives up leaves the
// queue at once, without a verify, and takes no slot with it.
func TestCancelledLoginLeavesTheQueue(t *testing.T) {
	f := newFixture(t, func(o *auth.Options) { o.MaxArgon = 1 })
	u := f.jane()
	_, _, _, before := auth.ArgonLoad(f.svc) // creating Jane hashed her password
	release := auth.HoldArgon(f.svc)
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan error, 1)
	go func() {
		_, err := f.svc.Login(ctx, "T1", u.Username, goodPassword)
		done <- err
	}()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, waiting, _, _ := auth.ArgonLoad(f.svc); waiting == 1 {
			break
		}
		if time.Now().After(deadline) {
			release()
			t.Fatal("the sign-in never queued for a verify")
		}
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled sign-in: %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a cancelled sign-in still waits for a verify slot")
	}
	if running, waiting, _, runs := auth.ArgonLoad(f.svc); running != 0 || waiting != 0 || runs != before {
		t.Errorf("after the cancel: %d running, %d waiting, %d verifies begun; want none", running, waiting, runs-before)
	}
	release()
	if _, err := f.svc.Login(f.ctx, "T1", u.Username, goodPassword); err != nil {
		t.Errorf("sign-in after the cancelled one: %v", err)
	}
}
