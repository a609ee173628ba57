package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/store/postgres"
)

// pid is the kiosk process running in the tmux pane: the pane's process
// or, when a shell runs it, the one of its descendants that is the kiosk
// binary.
func (tm *term) pid() int {
	tm.t.Helper()
	root, err := strconv.Atoi(strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "kiosk", "#{pane_pid}")))
	if err != nil {
		tm.t.Fatal(err)
	}
	for todo := []int{root}; len(todo) > 0; todo = todo[1:] {
		p := todo[0]
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", p)); err == nil && exe == kioskBin {
			return p
		}
		kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", p, p))
		for _, f := range strings.Fields(string(kids)) {
			if k, err := strconv.Atoi(f); err == nil {
				todo = append(todo, k)
			}
		}
	}
	tm.t.Fatalf("no kiosk process under the pane's %d", root)
	return 0
}

// kill ends the kiosk with SIGKILL, as a power cut or a crash does, and
// waits until the pane says it is gone.
func (tm *term) kill() {
	tm.t.Helper()
	if err := syscall.Kill(tm.pid(), syscall.SIGKILL); err != nil {
		tm.t.Fatal(err)
	}
	waitUntil(tm.t, 10*time.Second, "the kiosk gone", func() bool { return !tm.Alive() })
}

// respawn starts the kiosk again in its pane, with the same command.
func (tm *term) respawn() {
	tm.t.Helper()
	tm.tmux("respawn-pane", "-t", "kiosk")
}

// waitUntil polls cond until it holds or limit passes; it returns how
// long that took.
func waitUntil(t testing.TB, limit time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}

// service opens the fleet's PostgreSQL store, to read what the service
// holds the way it holds it.
func (tr *trust) service() *postgres.Store {
	tr.t.Helper()
	st, err := postgres.Open(context.Background(), tr.f.StoreURL)
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.t.Cleanup(func() { st.Close() })
	return st
}

// kioskEvents is how many events the service holds from a terminal.
func kioskEvents(t testing.TB, st *postgres.Store, terminal string) int {
	t.Helper()
	var n int
	err := st.Tx(context.Background(), func(tx auth.Tx) (err error) {
		n, err = tx.CountKioskEvents(context.Background(), terminal)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// 200 events made while offline; the kiosk is killed (SIGKILL) in the
// middle of their upload, after the service acknowledged the first batch
// and before the last; restarted, within 30 s the service holds exactly
// 200 rows from that kiosk, sequence 1..200 without gaps, the chain
// whole, and the wrong passwords among them counted towards the lockout
// at that terminal.
func TestFleetOutboxKilledMidUpload(t *testing.T) {
	tr := startTrust(t)
	ctx := context.Background()
	jane, amir := tr.users[0], tr.users[1]
	name := fleetTerminals[0].Name
	data := filepath.Join(t.TempDir(), "kiosk-"+name)

	// The events are made by the kiosk's own code path for them
	// (kiosklocal.DB.Append on the kiosk's client.db), before the kiosk
	// starts, as a kiosk that worked offline leaves them: sign-ins, and
	// among them six wrong passwords of a real user. Each detail is as
	// long as an event may hold, so that the 200 take more than one
	// request (the service reads at most 64 KiB a request): the upload
	// has a middle.
	const total = 200
	failedAt := map[int]bool{20: true, 60: true, 100: true, 140: true, 170: true, 190: true}
	db, err := kiosklocal.Open(ctx, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := 1; i <= total; i++ {
		kind, who := auth.ActLoginOK, jane.Username
		if failedAt[i] {
			kind, who = auth.ActLoginFailed, amir.Username
		}
		detail := fmt.Sprintf("offline event %d ", i)
		detail += strings.Repeat(".", auth.MaxKioskEventDetail-len(detail))
		if _, err := db.Append(ctx, kind, who, detail); err != nil {
			t.Fatal(err)
		}
	}

	// The kiosk reaches instance A over a slow link: each request waits
	// there a while, which is the middle the test kills the kiosk in.
	link := startSlowLink(t, strings.TrimPrefix(tr.f.Instances[0].URL, "https://"), 200*time.Millisecond)
	env := append(tr.f.ClientEnv(name), "KIOSK_SERVER_URLS=https://"+link.Addr(), "KIOSK_KIOSK_MODE=false")
	st := tr.service()
	tm := startKiosk(t, data, 100, 32, env...)
	waitUntil(t, 30*time.Second, "the first batch acknowledged", func() bool {
		n, err := db.Queued(ctx)
		return err == nil && n < total
	})
	tm.kill()
	left, err := db.Queued(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left == 0 || left == total {
		t.Fatalf("%d of %d events unacknowledged at the kill: not in the middle of the upload", left, total)
	}
	t.Logf("killed with %d events acknowledged, %d waiting; the service held %d", total-left, left, kioskEvents(t, st, name))

	tm.respawn()
	d := waitUntil(t, 30*time.Second, "every event held after the restart", func() bool {
		n, _ := db.Queued(ctx)
		return n == 0 && kioskEvents(t, st, name) >= total
	})
	t.Logf("all %d held %v after the restart", total, d)
	if n := kioskEvents(t, st, name); n != total {
		t.Fatalf("the service holds %d events from %s, want exactly %d", n, name, total)
	}
	err = st.Tx(ctx, func(tx auth.Tx) error {
		gaps, err := tx.KioskEventGaps(ctx, name)
		if err != nil {
			return err
		}
		if len(gaps) != 0 {
			t.Errorf("gaps in the sequence: %+v", gaps)
		}
		prev := ""
		for seq := int64(1); seq <= total; seq++ {
			e, err := tx.KioskEventBySeq(ctx, name, seq)
			if err != nil {
				return fmt.Errorf("sequence %d: %w", seq, err)
			}
			if e.PrevHash != prev || auth.KioskEventHash(e) != e.Hash {
				t.Errorf("the chain breaks at sequence %d", seq)
			}
			prev = e.Hash
		}
		u, err := tx.UserByUsername(ctx, amir.Username)
		if err != nil {
			return err
		}
		l, err := tx.TerminalLockout(ctx, u.ID, name)
		if err != nil {
			return err
		}
		// Five wrong passwords lock at the terminal; the sixth is counted
		// from zero again.
		if l.LockCount != 1 || l.Failures != 1 {
			t.Errorf("%s at %s: %d locks and %d failures since; want 1 and 1 from six offline failures", amir.Username, name, l.LockCount, l.Failures)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := tr.audited(auth.ActLoginFailed, amir.Username); n != len(failedAt) {
		t.Errorf("%d offline failures audited, want %d", n, len(failedAt))
	}
	if n := tr.audited(auth.ActLoginOK, jane.Username); n != total-len(failedAt) {
		t.Errorf("%d offline sign-ins audited, want %d", n, total-len(failedAt))
	}
	if n := tr.audited(auth.ActAccountLocked, amir.Username); n != 1 {
		t.Errorf("%d locks audited, want the one at %s", n, name)
	}
	if n, err := db.Verify(ctx); err != nil || n != total {
		t.Errorf("the kiosk's own chain: %d, %v", n, err)
	}
}
