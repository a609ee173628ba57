package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
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
// password over and over, and kills it with SIGKILL mid-way.
const crashEnv = "KIOSK_CRASH_CHILD_DIR"

var crashPasswords = [2]string{"Brisk-Owl-Lamp-48", "Quiet-Cobalt-Fern-93"}

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashChild(dir)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

var codeRE = regexp.MustCompile(`(?m)^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`)

func crashService(st *sqlite.Store) (*auth.Service, error) {
	nist, err := policy.Lookup("nist-800-63b-4") // no history: the two passwords may alternate
	if err != nil {
		return nil, err
	}
	return auth.New(auth.Options{Store: st, Lists: sync.OnceValues(policy.LoadLists), Profile: nist,
		Argon:   auth.Argon2{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		CodeKey: []byte("crash-test-key-crash-test-key-32")})
}

// crashChild resets the password between the two, printing a line after
// each committed reset, until it is killed.
func crashChild(dir string) {
	ctx := context.Background()
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
		next := crashPasswords[(i+1)%2]
		if _, err := svc.Reset(ctx, "T", code, us[0].Username, next, next); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Println("reset", next)
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
		Email: "jane@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Password: crashPasswords[0]})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	total := 0
	for round := range 8 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		// Wait for the first committed reset, then kill at a random moment.
		select {
		case _, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("round %d: the child stopped: %s", round, stderr.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("round %d: the child made no reset", round)
		}
		time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		n := 1
		for range lines {
			n++
		}
		total += n
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
		works := 0
		for _, p := range crashPasswords {
			if _, err := svc.Login(ctx, "T", u.Username, p); err == nil {
				works++
			}
		}
		if works != 1 {
			t.Fatalf("round %d: %d of the two passwords work, want exactly one", round, works)
		}
		if _, err := svc.VerifyAudit(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		st.Close()
	}
	t.Logf("%d resets committed across 8 kills", total)
}
