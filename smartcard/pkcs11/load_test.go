package pkcs11

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/ci"
)

// buildModule compiles testdata/module.c with -DMODE_<mode> into dir.
func buildModule(t testing.TB, dir, mode string) string {
	t.Helper()
	out := filepath.Join(dir, "mod-"+strings.ToLower(mode)+".so")
	src, err := filepath.Abs("testdata/module.c")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command("gcc", "-shared", "-fPIC", "-O0", "-DMODE_"+mode, "-o", out, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, b)
	}
	return out
}

// requireRoot: the modules the tests build must be root's to pass Load's
// ownership check, and the permission tests chown.
func requireRoot(t testing.TB) {
	t.Helper()
	requireTools(t, nil, "gcc")
	if os.Geteuid() != 0 {
		ci.SkipOrFail(t, "pkcs11 load tests need root (modules must be root's)")
	}
}

func loadErr(t *testing.T, path string) (*LoadError, time.Duration) {
	t.Helper()
	t0 := time.Now()
	m, err := Load(context.Background(), path)
	d := time.Since(t0)
	if err == nil {
		m.Close()
		t.Fatalf("%s loaded", path)
	}
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("%s: %T %v", path, err, err)
	}
	if strings.Contains(err.Error(), "\n") || le.Path != path {
		t.Fatalf("not one line naming the path: %q", err.Error())
	}
	return le, d
}

// TestBadModules: each bad module is one clear LoadError line, Load comes
// back within the probe's time limit, and this process survives.
func TestBadModules(t *testing.T) {
	requireRoot(t)
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.so")
	if err := os.WriteFile(text, []byte("this is not a library\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	libz := "/usr/lib/x86_64-linux-gnu/libz.so.1"
	if _, err := os.Stat(libz); err != nil {
		// A library without C_GetFunctionList.
		src := filepath.Join(dir, "plain.c")
		os.WriteFile(src, []byte("int plain(void) { return 1; }\n"), 0o644)
		libz = filepath.Join(dir, "plain.so")
		if b, err := exec.Command("gcc", "-shared", "-fPIC", "-o", libz, src).CombinedOutput(); err != nil {
			t.Fatalf("gcc: %v\n%s", err, b)
		}
	}
	old := probeTimeout
	probeTimeout = 2 * time.Second
	t.Cleanup(func() { probeTimeout = old })

	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nothing.so"), "does not exist"},
		{"relative", "lib/opensc-pkcs11.so", "must be an absolute path"},
		{"text file", text, "not a shared library (no ELF header)"},
		{"not PKCS#11", libz, "not a PKCS#11 module (no C_GetFunctionList)"},
		{"no function list", buildModule(t, dir, "NOLIST"), "not a PKCS#11 module (C_GetFunctionList gave no C_Initialize)"},
		{"segfault", buildModule(t, dir, "SEGV"), "crashed in C_Initialize (signal: segmentation fault)"},
		{"abort", buildModule(t, dir, "ABORT"), "crashed in C_Initialize (signal: aborted)"},
		{"hang", buildModule(t, dir, "HANG"), "did not answer within 2s (hung in C_Initialize?)"},
		{"fails", buildModule(t, dir, "FAIL"), "C_Initialize failed: pkcs11: 0x5: CKR_GENERAL_ERROR"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			le, d := loadErr(t, tc.path)
			if le.Reason != tc.want {
				t.Fatalf("reason %q, want %q", le.Reason, tc.want)
			}
			if d > probeTimeout+time.Second {
				t.Fatalf("Load took %v", d)
			}
			t.Logf("%v (%v)", le, d.Round(time.Millisecond))
		})
	}
	// A good module loads, says who it is, and closes twice.
	m, err := Load(context.Background(), buildModule(t, dir, "OK"))
	if err != nil {
		t.Fatal(err)
	}
	if i := m.Info(); i != (Info{Manufacturer: "Ward Kiosk tests", Description: "test module", Version: "1.2", Cryptoki: "2.40"}) {
		t.Fatalf("info %+v", i)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestLoadDeadline: a caller's shorter deadline bounds the probe too.
func TestLoadDeadline(t *testing.T) {
	requireRoot(t)
	path := buildModule(t, t.TempDir(), "HANG")
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := Load(ctx, path)
	var le *LoadError
	if !errors.As(err, &le) || le.Reason != "did not answer within 700ms (hung in C_Initialize?)" || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Fatalf("Load took %v", d)
	}
}

// TestInitialiseStuck: when C_Initialize outlives Load here (after the
// probe passed), the file is left alone until it returns, then unloaded.
func TestInitialiseStuck(t *testing.T) {
	requireRoot(t)
	path := buildModule(t, t.TempDir(), "SLOW") // C_Initialize takes 1s
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	libs.mu.Lock()
	_, err := initialise(ctx, 200*time.Millisecond, path, path)
	libs.mu.Unlock()
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(le.Reason, "hung in C_Initialize") {
		t.Fatalf("got %v", err)
	}
	if _, err := Load(context.Background(), path); err == nil || !strings.Contains(err.Error(), "still stuck") {
		t.Fatalf("second Load while stuck: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
	m, err := Load(context.Background(), path)
	if err != nil {
		t.Fatalf("after C_Initialize returned: %v", err)
	}
	m.Close()
}

// TestModulePermissions: Load refuses a module anyone but root could have
// written, up every directory, except a sticky one like /tmp.
func TestModulePermissions(t *testing.T) {
	requireRoot(t)
	dir := t.TempDir()
	sub := filepath.Join(dir, "lib")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := buildModule(t, sub, "OK")
	link := filepath.Join(dir, "link.so")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	loads := func(p string) {
		t.Helper()
		m, err := Load(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		m.Close()
	}
	refused := func(p, detail string) {
		t.Helper()
		le, _ := loadErr(t, p)
		if !strings.HasPrefix(le.Reason, "must be owned by root and not writable by group or others: it loads code into the kiosk") ||
			!strings.Contains(le.Reason, detail) {
			t.Fatalf("reason %q, want %q", le.Reason, detail)
		}
	}
	loads(path)
	loads(link)

	must(t, os.Chmod(path, 0o666))
	refused(path, path+" is mode 0666")
	refused(link, path+" is mode 0666") // the link's target is checked
	must(t, os.Chmod(path, 0o644))

	must(t, os.Chown(path, 65534, 0))
	refused(path, path+" is owned by uid 65534")
	must(t, os.Chown(path, 0, 0))

	must(t, os.Chmod(sub, 0o775))
	refused(path, sub+" is mode 0775")
	must(t, os.Chmod(sub, 0o777|os.ModeSticky)) // as /tmp
	loads(path)
	must(t, os.Chmod(sub, 0o755))
	must(t, os.Chown(sub, 65534, 0))
	refused(path, sub+" is owned by uid 65534")
}

// TestProbeChecksPath: the probe child, which takes its path from the
// environment, refuses what Load refuses.
func TestProbeChecksPath(t *testing.T) {
	requireRoot(t)
	path := buildModule(t, t.TempDir(), "OK")
	must(t, os.Chmod(path, 0o666))
	var out strings.Builder
	if code := serveProbe(path, &out); code == 0 || !strings.Contains(out.String(), "fail must be owned by root") ||
		strings.Contains(out.String(), "stage dlopen") {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestStuckCall: a call that outlives its context keeps the module; the
// next call's error names it, Close leaves the module loaded rather than
// finalise under it, and Load says so.
func TestStuckCall(t *testing.T) {
	requireRoot(t)
	path := buildModule(t, t.TempDir(), "SLOW_SLOTS")
	old := closeWait
	closeWait = 100 * time.Millisecond
	t.Cleanup(func() { closeWait = old })
	m, err := Load(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	short := func() context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		t.Cleanup(cancel)
		return ctx
	}
	if _, err := m.Slots(short()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("first: %v", err)
	}
	_, err = m.Certificate(short(), "any reader")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "still in an earlier Slots") {
		t.Fatalf("second: %v", err)
	}
	if err := m.Close(); err == nil || !strings.Contains(err.Error(), "still in Slots") {
		t.Fatalf("Close: %v", err)
	}
	if _, err := Load(context.Background(), path); err == nil || !strings.Contains(err.Error(), "still stuck in Slots") {
		t.Fatalf("Load: %v", err)
	}
	time.Sleep(time.Second) // let the slow call finish before the test's temp dir goes
}
