package pkcs11

/*
#cgo linux LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

// The head of CK_FUNCTION_LIST: the version, then C_Initialize.
typedef struct {
	unsigned char major, minor;
	void *initialize;
} list_head;
typedef unsigned long (*get_list)(list_head **);

// diagnose says why a module cannot be used, before any of its functions
// but C_GetFunctionList runs: 0 it looks fine, 1 dlopen failed (*msg is
// dlerror's), 2 no C_GetFunctionList, 3 C_GetFunctionList failed (*rv),
// 4 it gave no list or no C_Initialize.
static int diagnose(const char *path, const char **msg, unsigned long *rv) {
	void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
	if (h == NULL) {
		*msg = dlerror();
		return 1;
	}
	get_list f = (get_list) dlsym(h, "C_GetFunctionList");
	if (f == NULL) {
		return 2;
	}
	list_head *l = NULL;
	*rv = f(&l);
	if (*rv != 0) {
		return 3;
	}
	if (l == NULL || l->initialize == NULL) {
		return 4;
	}
	return 0;
}
*/
import "C"

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"
	"unsafe"

	p11 "github.com/miekg/pkcs11"
)

// probeEnv names the module a probe child loads; ServeProbe acts on it.
const probeEnv = "KIOSK_PKCS11_PROBE"

// ServeProbe must be called first thing in main() (and in TestMain of
// every test binary that calls Load): in the child process Load starts to
// try a module, it loads the module, initialises it, reports on stdout and
// exits. In any other process it returns at once.
func ServeProbe() {
	path, ok := os.LookupEnv(probeEnv)
	if !ok {
		return
	}
	os.Exit(serveProbe(path, os.Stdout))
}

// serveProbe tries the module, writing "stage NAME" before each step, so
// that the parent can say where a crash or hang happened, then "ok" and
// the module's Info as JSON, or "fail" and a reason.
func serveProbe(path string, w io.Writer) int {
	say := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	// The path comes from the environment: check it again, so that the
	// variable cannot load what Load would refuse.
	if _, lerr := checkFile(path); lerr != nil {
		say("fail %s", lerr.Reason)
		return 1
	}
	say("stage dlopen")
	if reason := diagnose(path); reason != "" {
		say("fail %s", reason)
		return 1
	}
	c := p11.New(path)
	if c == nil {
		say("fail not a PKCS#11 module (no C_GetFunctionList)")
		return 1
	}
	say("stage C_Initialize")
	if err := c.Initialize(p11.InitializeWithFlags(p11.CKF_OS_LOCKING_OK)); err != nil {
		say("fail C_Initialize failed: %v", err)
		return 1
	}
	say("stage C_GetInfo")
	info, err := c.GetInfo()
	if err != nil {
		say("fail C_GetInfo failed: %v", err)
		return 1
	}
	say("stage C_Finalize")
	if err := c.Finalize(); err != nil {
		say("fail C_Finalize failed: %v", err)
		return 1
	}
	b, _ := json.Marshal(infoOf(info))
	say("ok %s", b)
	return 0
}

// diagnose is why the module at path cannot be used, or "".
func diagnose(path string) string {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var msg *C.char
	var rv C.ulong
	switch C.diagnose(cpath, &msg, &rv) {
	case 1:
		s := "dlopen failed"
		if msg != nil {
			s = C.GoString(msg)
		}
		return "cannot be loaded: " + oneLine(s)
	case 2:
		return "not a PKCS#11 module (no C_GetFunctionList)"
	case 3:
		return fmt.Sprintf("C_GetFunctionList failed: %v", p11.Error(rv))
	case 4:
		return "not a PKCS#11 module (C_GetFunctionList gave no C_Initialize)"
	}
	return ""
}

// probe runs the module in a child process (ServeProbe) within ctx, so
// that a module which crashes or hangs in C_Initialize costs a LoadError,
// not the kiosk.
func probe(ctx context.Context, limit time.Duration, path, resolved string) *LoadError {
	fail := func(err error, format string, a ...any) *LoadError {
		return &LoadError{Path: path, Reason: fmt.Sprintf(format, a...), err: err}
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(err, "cannot start the probe: %v", err)
	}
	// The argument makes a main that forgot ServeProbe fail at once as a
	// bad command rather than run the kiosk.
	cmd := exec.CommandContext(ctx, exe, "pkcs11-probe")
	cmd.Env = append(os.Environ(), probeEnv+"="+resolved)
	var out bytes.Buffer
	stderr := &tailBuffer{max: 8 << 10}
	cmd.Stdout, cmd.Stderr = &out, stderr
	// Its own process group, so a module's helper processes go with it;
	// and it dies with the kiosk.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()

	stage, result := "loading", ""
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := sc.Text()
		if s, ok := strings.CutPrefix(line, "stage "); ok {
			stage = s
		} else if strings.HasPrefix(line, "ok ") || strings.HasPrefix(line, "fail ") {
			result = line
		}
	}
	if ctx.Err() != nil {
		return fail(ctx.Err(), "%s", timeoutReason(ctx, limit, stage))
	}
	if s, ok := strings.CutPrefix(result, "fail "); ok {
		return fail(nil, "%s", oneLine(s))
	}
	if _, ok := strings.CutPrefix(result, "ok "); ok && runErr == nil {
		return nil
	}
	var ee *exec.ExitError
	if errors.As(runErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fail(runErr, "crashed in %s (signal: %v)", stage, ws.Signal())
		}
		// Go's runtime catches a fault in C code, prints the signal
		// and exits 2.
		if sig := crashSignal(stderr.String()); sig != "" {
			return fail(runErr, "crashed in %s (signal: %s)", stage, sig)
		}
	}
	if result == "" && stage == "loading" {
		return fail(runErr, "the probe did not run (%v): call pkcs11.ServeProbe first thing in main", runErr)
	}
	return fail(runErr, "the probe failed in %s (%v)", stage, runErr)
}

// goSignal matches how Go's runtime names a fatal signal on stderr:
// "[signal SIGSEGV: segmentation violation ...]" or "SIGABRT: abort".
var goSignal = regexp.MustCompile(`(?m)(?:^\[signal |^)(SIG[A-Z]+)[: ]`)

var signals = map[string]syscall.Signal{
	"SIGSEGV": syscall.SIGSEGV, "SIGABRT": syscall.SIGABRT, "SIGBUS": syscall.SIGBUS,
	"SIGILL": syscall.SIGILL, "SIGFPE": syscall.SIGFPE, "SIGTRAP": syscall.SIGTRAP,
	"SIGSYS": syscall.SIGSYS,
}

// crashSignal is the fatal signal Go's runtime reported on stderr, by its
// usual name ("segmentation fault"), or "".
func crashSignal(stderr string) string {
	m := goSignal.FindStringSubmatch(stderr)
	if m == nil {
		return ""
	}
	if s, ok := signals[m[1]]; ok {
		return s.String()
	}
	return m[1]
}

// oneLine keeps a module's message to one line of sensible length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
