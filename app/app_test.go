package app_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// service is the uid and gid the tests give a data directory, as a
// service account owns /var/lib/ward-kiosk.
const service = 65534

var (
	ctx   = context.Background()
	admin = auth.Actor{Name: "cli:test", Terminal: "TEST"}
	dob   = time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC)
)

// sharedDir is a directory others may enter: t.TempDir is the tester's
// own (0700), which a child running as the service account cannot enter.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "kiosk-app-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// owners maps each file in dir to its uid.
func owners(t *testing.T, dir string) map[string]uint32 {
	t.Helper()
	out := map[string]uint32{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fi.Sys().(*syscall.Stat_t).Uid
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Root running a command first on a service's data directory leaves every
// file it creates (database, WAL, shared memory, key) to the directory's
// owner, so the service can open them afterwards.
func TestRootCreatesFilesForTheDirectoryOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root creates files for another user")
	}
	dir := filepath.Join(sharedDir(t), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, service, service); err != nil {
		t.Fatal(err)
	}
	k, err := app.Open(ctx, config.Default(), dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Auth.CreateUser(ctx, admin, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: dob}); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		files := owners(t, dir)
		for _, name := range []string{sqlite.FileName, app.KeyFile} {
			if _, ok := files[filepath.Join(dir, name)]; !ok {
				t.Fatalf("%s: no %s in %v", when, name, files)
			}
		}
		for p, uid := range files {
			if uid != service {
				t.Errorf("%s: %s belongs to uid %d, not the directory's owner %d", when, p, uid, service)
			}
		}
	}
	check("open")
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
	check("closed")
}

// childDir names the data directory TestReadOnlyChild reads; set, the test
// binary runs that test alone, as the service account.
const childDir = "KIOSK_TEST_READ_ONLY_DIR"

// A read-only data directory (an evidence copy) opens for reading: users,
// outbox and audit can be listed and the chain verified, nothing is
// created or chmodded, and a change is refused with ErrReadOnly.
//
// A copy taken while the kiosk ran holds a -wal file with the latest
// commits, which must be read too.
func TestReadingWorksOnAReadOnlyDirectory(t *testing.T) {
	for _, running := range []bool{false, true} {
		name := "closed"
		if running {
			name = "running"
		}
		t.Run(name, func(t *testing.T) { testReadOnly(t, running) })
	}
}

func testReadOnly(t *testing.T, running bool) {
	dir := filepath.Join(sharedDir(t), "evidence")
	k, err := app.Open(ctx, config.Default(), dir, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := k.Auth.CreateUser(ctx, admin, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane.smith@example.nhs.uk", DOB: dob})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Auth.ForgotPassword(ctx, "WARD7-T1", u.Username, u.Email); err != nil {
		t.Fatal(err)
	}
	if running {
		defer k.Close()
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName+"-wal")); err != nil {
			t.Fatal(err)
		}
	} else {
		k.Close()
	}
	// The copy: files readable by their owner only, the directory not
	// writable. Root may write anything, so the reading is done as the
	// service account; anyone else reads as themselves.
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if os.Geteuid() == 0 {
			if err := os.Chown(p, service, service); err != nil {
				return err
			}
		}
		mode := os.FileMode(0o400)
		if d.IsDir() {
			mode = 0o500
		}
		return os.Chmod(p, mode)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	if os.Geteuid() != 0 {
		readOnly(t, dir)
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(filepath.Dir(dir), "app.test")
	copyFile(t, exe, bin)
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyChild$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childDir+"="+dir, "GOCOVERDIR="+os.TempDir())
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: service, Gid: service}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyChild") {
		t.Fatalf("as uid %d: %v\n%s", service, err, out)
	}
}

// TestReadOnlyChild is TestReadingWorksOnAReadOnlyDirectory's reading,
// run as the service account.
func TestReadOnlyChild(t *testing.T) {
	dir := os.Getenv(childDir)
	if dir == "" {
		return // only a child process that TestReadingWorksOnAReadOnlyDirectory starts does the work
	}
	readOnly(t, dir)
}

// readOnly reads the read-only data directory dir as the commands do.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	before := modes(t, dir)
	k, err := app.Open(ctx, config.Default(), dir, auth.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer k.Close()
	if us, err := k.Auth.Users(ctx); err != nil || len(us) != 1 || us[0].FirstName != "Jane" {
		t.Errorf("users list: %v %v", us, err)
	}
	if ms, err := k.Auth.Messages(ctx); err != nil || len(ms) != 1 {
		t.Errorf("outbox list: %v %v", ms, err)
	} else if _, err := k.Auth.Message(ctx, ms[0].ID); err != nil {
		t.Errorf("outbox show: %v", err)
	}
	if evs, err := k.Auth.AuditEvents(ctx, 0); err != nil || len(evs) == 0 {
		t.Errorf("audit list: %d events, %v", len(evs), err)
	}
	if n, err := k.Auth.VerifyAudit(ctx); err != nil || n == 0 {
		t.Errorf("audit verify: %d events, %v", n, err)
	}
	_, err = k.Auth.CreateUser(ctx, admin, auth.NewUser{FirstName: "John", LastName: "Smith",
		Email: "john.smith@example.nhs.uk", DOB: dob})
	if !errors.Is(err, sqlite.ErrReadOnly) {
		t.Errorf("a change in a read-only directory: %v", err)
	}
	if after := modes(t, dir); !equal(before, after) {
		t.Errorf("the directory changed:\nbefore %v\nafter  %v", before, after)
	}
}

// modes maps each file in dir to its mode.
func modes(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	out := map[string]fs.FileMode{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fi.Mode()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equal(a, b map[string]fs.FileMode) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}
