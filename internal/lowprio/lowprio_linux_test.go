package lowprio

import (
	"runtime"
	"syscall"
	"testing"
)

// nice reads the calling thread's nice value. The raw getpriority call
// answers 20 - nice, which the syscall package passes on as is.
func nice(t *testing.T) int {
	t.Helper()
	p, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - p
}

func TestRunLowersOnlyItsOwnThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := nice(t)
	var inside int
	var tid, caller int
	caller = syscall.Gettid()
	if err := Run(func() error { inside, tid = nice(t), syscall.Gettid(); return nil }); err != nil {
		t.Fatal(err)
	}
	if inside != lowest {
		t.Errorf("nice inside Run = %d, want %d", inside, lowest)
	}
	if tid == caller {
		t.Error("fn ran on the caller's thread")
	}
	if after := nice(t); after != before {
		t.Errorf("the caller's nice changed from %d to %d", before, after)
	}
}

func TestRunReturnsTheError(t *testing.T) {
	want := syscall.EINVAL
	if err := Run(func() error { return want }); err != want {
		t.Errorf("Run = %v, want %v", err, want)
	}
}
