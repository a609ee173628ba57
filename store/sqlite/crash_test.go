package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/auth/policy"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// The crash test re-runs this test binary as a child that resets one
// password over and over, and kills it with SIGKILL mid-way. crashRoundEnv
// tells the child which round it is, so every reset of the whole test sets
// a password no other reset sets: a lost committed reset then leaves an
// older password working, which two alternating passwords could not show.
const (
	crashEnv      = "KIOSK_CRASH_CHILD_DIR"
	crashRoundEnv = "KIOSK_CRASH_ROUND"
	// crashSeedEnv replays a failed run: the test logs the seed it used.
	crashSeedEnv = "KIOSK_CRASH_SEED"
)

// crashStart is the password the user is created with.
const crashStart = "Brisk-Owl-Lamp-48"

// crashPassword is the password reset number i of round sets.
func crashPassword(round, i int) string {
	return fmt.Sprintf("Quiet-Cobalt-Fern-%d-%d", round, i)
}

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashChild(dir)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var codeRE = regexp.MustCompile(`(?m)^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`)

func crashService(st *sqlite.Store) (*auth.Service, error) {
	nist, err := policy.Lookup("nist-800-63b-4") // no history, so resets stay cheap
	if err != nil {
		return nil, err
	}
	return auth.New(auth.Options{Store: st, Lists: sync.OnceValues(policy.LoadLists), Profile: nist,
		Argon:   auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		CodeKey: []byte("crash-test-key-crash-test-key-32")})
}

// crashChild resets the password to crashPassword(round, 0), (round, 1),
// ..., printing "reset i" after each committed reset, until it is killed.
func crashChild(dir string) {
	ctx := context.Background()
	round, err := strconv.Atoi(os.Getenv(crashRoundEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	svc, err := crashService(st)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	admin := auth.Actor{Name: "crash-test", Terminal: "T"}
	us, _ := svc.Users(ctx)
	for i := 0; ; i++ {
		if err := svc.SendReset(ctx, admin, us[0].Username); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		ms, _ := svc.Messages(ctx)
		code := codeRE.FindString(ms[len(ms)-1].Body)
		next := crashPassword(round, i)
		if _, err := svc.Reset(ctx, "T", code, us[0].Username, next, next); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Println("reset", i)
	}
}

func TestCrashSafetyUnderSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; not in -short")
	}
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := crashService(st)
	if err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, auth.Actor{Name: "test"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Password: crashStart})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(crashSeedEnv); v != "" {
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("%s: %v", crashSeedEnv, err)
		}
	}
	t.Logf("seed %d (replay with %s=%d)", seed, crashSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, 7))
	current := crashStart // the password of the last reset known committed
	total := 0
	for round := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir, crashRoundEnv+"="+strconv.Itoa(round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The reader keeps only the newest reset number, so it never
		// blocks the child, and ends when the killed child's pipe closes:
		// Wait must come after it, as Wait closes the pipe.
		first := make(chan struct{})
		done := make(chan struct{})
		last := -1
		var bad string
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				i, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "reset "))
				if err != nil || i != last+1 {
					bad = sc.Text()
					break
				}
				if last = i; i == 0 {
					close(first)
				}
			}
			io.Copy(io.Discard, out)
		}()
		// Wait for the first committed reset, then kill at a random moment.
		select {
		case <-first:
		case <-done:
			cmd.Wait()
			t.Fatalf("round %d: the child stopped: %q %s", round, bad, stderr.String())
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
			cmd.Wait()
			t.Fatalf("round %d: the child made no reset", round)
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		cmd.Wait()
		if bad != "" {
			t.Fatalf("round %d: the child printed %q after reset %d", round, bad, last)
		}
		total += last + 1
		if stderr.Len() > 0 {
			t.Fatalf("round %d: the child failed: %s", round, stderr.String())
		}

		st, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		var check string
		if err := st.DB().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Fatalf("round %d: integrity_check = %q, %v", round, check, err)
		}
		svc, err := crashService(st)
		if err != nil {
			t.Fatal(err)
		}
		// Reset last was reported committed, so its password works, unless
		// the one in flight when the kill came committed too (and then only
		// that one). The password before reset last must not work: if it
		// did, a committed reset was lost.
		before := current
		if last > 0 {
			before = crashPassword(round, last-1)
		}
		current = crashPassword(round, last)
		if _, err := svc.Login(ctx, "T", u.Username, current); err != nil {
			inflight := crashPassword(round, last+1)
			if _, err2 := svc.Login(ctx, "T", u.Username, inflight); err2 != nil {
				t.Fatalf("round %d: neither reset %d (reported committed) nor %d (in flight) signs in: %v; %v",
					round, last, last+1, err, err2)
			}
			current = inflight
		}
		if _, err := svc.Login(ctx, "T", u.Username, before); err == nil {
			t.Fatalf("round %d: the password before reset %d still signs in: a committed reset was lost", round, last)
		}
		if _, err := svc.VerifyAudit(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		st.Close()
	}
	t.Logf("%d resets committed across 8 kills", total)
}
