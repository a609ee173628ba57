package storetest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// What several instances sharing one database do at once: each instance
// is a separate Open of the database with its own auth.Service, as
// separate kiosk processes or service instances are. The core's use cases
// read and then write in one transaction; these cases fail on a store
// whose writers do not take turns.

// instances opens the database n times, one service on each.
func instances(t *testing.T, db DB, n int, tweak func(*auth.Options)) []*auth.Service {
	t.Helper()
	var svcs []*auth.Service
	for range n {
		svcs = append(svcs, service(t, db.Open(), tweak))
	}
	return svcs
}

// goodPassword passes every profile.
const goodPassword = "Brisk-Owl-Lamp-48"

// newStaff creates Jane Smith with a password through svc.
func newStaff(t testing.TB, svc *auth.Service) auth.User {
	t.Helper()
	u, err := svc.CreateUser(context.Background(), auth.Actor{Name: "cli:test", Terminal: "TEST"}, auth.NewUser{
		FirstName: "Jane", LastName: "Smith", Email: "jane.smith@example.nhs.uk",
		DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var codeRE = regexp.MustCompile(`(?m)^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$`)

// Two instances, two goroutines each, race to use one reset code, each
// with a password of its own: exactly one wins, and its password is the
// one that works.
func testRaceOneResetCode(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	svcs := instances(t, newDB(t), 2, nil)
	jane := newStaff(t, svcs[0])
	if err := svcs[0].ForgotPassword(ctx, "WARD7-T1", jane.Username, jane.Email); err != nil {
		t.Fatal(err)
	}
	ms, err := svcs[1].Messages(ctx)
	if err != nil || len(ms) == 0 {
		t.Fatalf("no email: %v", err)
	}
	m := codeRE.FindStringSubmatch(ms[len(ms)-1].Body)
	if m == nil {
		t.Fatal("no code in the email")
	}
	const racers = 4
	var wg sync.WaitGroup
	errs := make([]error, racers)
	start := make(chan struct{})
	for i := range racers {
		wg.Go(func() {
			<-start
			pw := fmt.Sprintf("Quiet-Cobalt-Fern-%d", i)
			_, errs[i] = svcs[i%2].Reset(ctx, fmt.Sprintf("WARD%d-T1", i), m[1], jane.Username, pw, pw)
		})
	}
	close(start)
	wg.Wait()
	won := -1
	for i, err := range errs {
		switch {
		case err == nil && won >= 0:
			t.Errorf("reset %d and reset %d both used the code", won, i)
		case err == nil:
			won = i
		case !errors.Is(err, auth.ErrResetFailed):
			t.Errorf("reset %d: %v, want ErrResetFailed", i, err)
		}
	}
	if won < 0 {
		t.Fatal("no reset won")
	}
	for i := range racers {
		_, err := svcs[(i+1)%2].Login(ctx, "WARD9-T1", jane.Username, fmt.Sprintf("Quiet-Cobalt-Fern-%d", i))
		if (err == nil) != (i == won) {
			t.Errorf("password of reset %d (the winner: %d) signs in: %v", i, won, err)
		}
	}
	evs, err := svcs[0].FindAuditEvents(ctx, auth.EventFilter{Action: auth.ActResetOK})
	if err != nil || len(evs) != 1 {
		t.Errorf("%d reset.ok events, %v; want 1", len(evs), err)
	}
}

// Wrong passwords for one account at one terminal, from three instances
// at once: exactly the threshold is counted, the account is locked once,
// and its holder gets one email.
func testRaceLockout(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	const threshold = 5
	svcs := instances(t, newDB(t), 3, func(o *auth.Options) {
		o.LockThreshold = threshold
		o.LockTerminals = 1 // locked at one terminal: locked everywhere
	})
	jane := newStaff(t, svcs[0])
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 12 {
		wg.Go(func() {
			<-start
			for range 3 {
				_, err := svcs[i%3].Login(ctx, "WARD7-T1", jane.Username, "Wrong-Guess-Again-58")
				if !errors.Is(err, auth.ErrLoginFailed) {
					t.Errorf("a wrong password: %v", err)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	evs, err := svcs[1].FindAuditEvents(ctx, auth.EventFilter{Username: jane.Username})
	if err != nil {
		t.Fatal(err)
	}
	counted := map[string]int{}
	locks, refused := 0, 0
	for _, e := range evs {
		switch {
		case e.Action == auth.ActLoginFailed && strings.HasPrefix(e.Detail, "wrong password"):
			counted[e.Detail]++
		case e.Action == auth.ActLoginFailed:
			refused++
		case e.Action == auth.ActAccountLocked:
			locks++
		}
	}
	for n := 1; n <= threshold; n++ {
		if d := fmt.Sprintf("wrong password (%d in a row here)", n); counted[d] != 1 {
			t.Errorf("%q counted %d times, want once", d, counted[d])
		}
	}
	if len(counted) != threshold {
		t.Errorf("failures counted: %v, want 1 to %d once each", counted, threshold)
	}
	if locks != 2 { // at this terminal, then everywhere
		t.Errorf("%d account.locked events, want 2 (one lock)", locks)
	}
	if refused != 36-threshold {
		t.Errorf("%d refused as locked, want %d", refused, 36-threshold)
	}
	ms, err := svcs[2].Messages(ctx)
	n := 0
	for _, m := range ms {
		if m.Kind == auth.KindAccountLocked {
			n++
		}
	}
	if err != nil || n != 1 {
		t.Errorf("%d lock emails, %v; want 1", n, err)
	}
	if _, err := svcs[0].Login(ctx, "WARD8-T1", jane.Username, goodPassword); !errors.Is(err, auth.ErrLoginFailed) {
		t.Errorf("the right password at another terminal while locked: %v", err)
	}
	if n, err := svcs[0].VerifyAudit(ctx); err != nil {
		t.Errorf("audit after the race: %d, %v", n, err)
	}
}

// Audit rows written from four instances at once make one chain.
func testRaceAuditChain(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	svcs := instances(t, newDB(t), 4, nil)
	before, err := svcs[0].VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 15
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range writers {
		wg.Go(func() {
			<-start
			for j := range each {
				// An unknown user's sign-in writes one audit row.
				_, err := svcs[i%4].Login(ctx, fmt.Sprintf("WARD%d-T1", i), fmt.Sprintf("382NOBODY%02d", j), "Wrong-Guess-Again-58")
				if !errors.Is(err, auth.ErrLoginFailed) {
					t.Errorf("login: %v", err)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	for i, svc := range svcs {
		n, err := svc.VerifyAudit(ctx)
		if err != nil || n != before+writers*each {
			t.Errorf("instance %d verifies %d events, %v; want one chain of %d", i, n, err, before+writers*each)
		}
	}
}

// Workers on three instances, two each, work one outbox at once: every
// message is claimed and delivered once.
func testRaceOutboxWorkers(t *testing.T, newDB NewDB) {
	ctx := context.Background()
	db := newDB(t)
	stores := []Store{db.Open(), db.Open(), db.Open()}
	const n = 150
	now := time.Now()
	enqueue(t, stores[0], n, now)
	var mu sync.Mutex
	delivered := map[int64]int{}
	var wg sync.WaitGroup
	for i := range 6 {
		st := stores[i%3]
		wg.Go(func() {
			for {
				now := time.Now()
				lease := now.Add(time.Minute)
				ms, err := st.ClaimMessages(ctx, now, now, lease, 0, 5)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ms) == 0 {
					return
				}
				for _, m := range ms {
					if err := st.MarkSent(ctx, m.ID, lease, now); err != nil {
						t.Errorf("mark sent %d: %v", m.ID, err)
						continue
					}
					mu.Lock()
					delivered[m.ID]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(delivered) != n {
		t.Errorf("%d of %d delivered", len(delivered), n)
	}
	for id, c := range delivered {
		if c != 1 {
			t.Errorf("message %d delivered %d times", id, c)
		}
	}
	read(t, stores[1], func(ctx context.Context, tx auth.ReadTx) error {
		ms, err := tx.Messages(ctx)
		for _, m := range ms {
			if m.Status != auth.MessageSent || m.Attempts != 1 {
				t.Errorf("message %d: %s after %d attempts", m.ID, m.Status, m.Attempts)
			}
		}
		return err
	})
}
