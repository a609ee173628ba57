package pgtest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { os.Exit(Wrap(m).Run()) }

// childEnv makes the test binary a child that starts the server, prints
// the postmaster's pid and then ends as childEnv says: "exit" returns from
// the tests normally, "hang" waits to be killed.
const childEnv = "PGTEST_CHILD"

// Each test gets a database of its own on one server, over the unix
// socket only.
func TestNewGivesFreshDatabases(t *testing.T) {
	ctx := context.Background()
	a, b := New(t), New(t)
	if a == b {
		t.Fatalf("two tests share %s", a)
	}
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE only_in_a (x int)`); err != nil {
		t.Fatal(err)
	}
	var listen, fsync string
	conn.QueryRow(ctx, `SHOW listen_addresses`).Scan(&listen)
	conn.QueryRow(ctx, `SHOW fsync`).Scan(&fsync)
	if listen != "" || fsync != "off" {
		t.Errorf("listen_addresses %q, fsync %q: want none and off", listen, fsync)
	}
	connB, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close(ctx)
	var n int
	connB.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'`).Scan(&n)
	if n != 0 {
		t.Fatal("a table made in one test's database shows in another's")
	}
}

// No postmaster outlives its test binary: not when the tests end, nor when
// the binary is killed.
func TestNoServerOutlivesTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	New(t) // the same machinery must work here, or the children cannot tell
	for _, end := range []string{"exit", "hang"} {
		t.Run(end, func(t *testing.T) {
			child := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1")
			child.Env = append(os.Environ(), childEnv+"="+end)
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
			f := strings.Fields(line)
			if err != nil || len(f) != 3 || f[0] != "postmaster" {
				t.Fatalf("child said %q: %v", line, err)
			}
			pid, err := strconv.Atoi(f[1])
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.RemoveAll(f[2]) }) // a killed child cannot remove it
			if end == "hang" {
				child.Process.Signal(syscall.SIGKILL)
			}
			child.Wait()
			deadline := time.Now().Add(10 * time.Second)
			for alive(pid) {
				if time.Now().After(deadline) {
					syscall.Kill(pid, syscall.SIGKILL)
					t.Fatalf("the postmaster %d outlived its test binary (%s)", pid, end)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// alive reports whether pid runs (a zombie does not count).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(b), ')')
	return i < 0 || len(b) < i+3 || b[i+2] != 'Z'
}

// TestChild is the child of TestNoServerOutlivesTheBinary.
func TestChild(t *testing.T) {
	end := os.Getenv(childEnv)
	if end == "" {
		return // only as a child process
	}
	New(t)
	fmt.Printf("postmaster %d %s\n", srv.PID(), srv.Dir())
	if end == "hang" {
		time.Sleep(time.Minute)
		t.Fatal("not killed")
	}
}

// A server that cannot start fails the test under CI and skips it
// elsewhere, saying why.
func TestNoServerFailsUnderCI(t *testing.T) {
	for _, c := range []struct {
		ci      string
		wantErr bool
		want    string
	}{
		{"true", true, "--- FAIL: TestChild"},
		{"", false, "--- SKIP: TestChild"},
	} {
		child := exec.Command(os.Args[0], "-test.run=^TestChild$", "-test.count=1", "-test.v")
		child.Env = append(os.Environ(), childEnv+"=exit", BinDirEnv+"="+t.TempDir(), "CI="+c.ci)
		out, err := child.CombinedOutput()
		if (err != nil) != c.wantErr || !strings.Contains(string(out), c.want) ||
			!strings.Contains(string(out), "no PostgreSQL for this test") {
			t.Errorf("CI=%q: %v\n%s", c.ci, err, out)
		}
	}
}
