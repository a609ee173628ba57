package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// holderDir names the data directory TestLeaseHolderChild claims in; set,
// the test binary runs that test alone, as a second worker process.
const holderDir = "KIOSK_TEST_LEASE_DIR"

// A worker killed mid-send holds nothing: the next worker on the same
// machine takes its messages over at once, not when the lease ends; while
// the holder runs, its lease holds.
func TestLeaseOfAKilledWorkerIsTakenOverAtOnce(t *testing.T) {
	ctx := context.Background()
	t0 := time.Now()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	err = st.Tx(ctx, func(tx auth.Tx) error {
		for range 3 {
			m := auth.Message{CreatedAt: t0, Kind: auth.KindResetCode, To: "a@example.nhs.uk", Subject: "s", Body: "b"}
			if err := tx.Enqueue(ctx, &m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^TestLeaseHolderChild$", "-test.count=1")
	child.Env = append(os.Environ(), holderDir+"="+dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "claimed 2\n" {
		t.Fatalf("child: %q %v", line, err)
	}

	now := time.Now()
	if got, err := st.ClaimMessages(ctx, now, now, now.Add(time.Minute), 0, 10); err != nil || len(got) != 1 || got[0].ID != 3 {
		t.Fatalf("claimed beside a live holder: %v %v", ids(got), err)
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	now = time.Now()
	got, err := st.ClaimMessages(ctx, now, now, now.Add(time.Minute), 0, 10)
	if err != nil || len(got) != 2 || got[0].ID != 1 || got[1].ID != 2 {
		t.Fatalf("after the holder was killed: %v %v", ids(got), err)
	}
}

// TestLeaseHolderChild claims two messages under a seven-minute lease,
// says so, and waits to be killed.
func TestLeaseHolderChild(t *testing.T) {
	dir := os.Getenv(holderDir)
	if dir == "" {
		return // only a child process that TestLeaseOfAKilledWorkerIsTakenOverAtOnce starts does the work
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ms, err := st.ClaimMessages(ctx, now, now, now.Add(7*time.Minute), 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("claimed %d\n", len(ms))
	time.Sleep(time.Minute)
	t.Fatal("not killed")
}

func ids(ms []auth.Message) []int64 {
	var out []int64
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}
