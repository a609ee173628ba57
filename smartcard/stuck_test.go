package smartcard

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/ci"
)

// A module that has not answered a call for longer than a call may take
// is stuck: the dashboard's words say so, and go back once it answers.
// The test module's C_GetSlotList takes 700 ms; calls here may take 50.
func TestStuckModule(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil || os.Geteuid() != 0 {
		ci.SkipOrFail(t, "this test builds a module with gcc and needs root (a module must be root's)")
	}
	src, err := filepath.Abs("pkcs11/testdata/module.c")
	if err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(t.TempDir(), "slow-slots.so")
	if b, err := exec.Command("gcc", "-shared", "-fPIC", "-DMODE_SLOW_SLOTS", "-o", mod, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, b)
	}
	old := callTimeout
	callTimeout = 50 * time.Millisecond
	t.Cleanup(func() { callTimeout = old })

	d := LoadPKCS11(context.Background(), mod)
	defer d.Close()
	if err := d.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := Describe(d); got != "pkcs11" {
		t.Fatalf("loaded: %q", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := d.Slots(ctx); err == nil {
		t.Fatal("a 700 ms call answered within 20 ms")
	}
	time.Sleep(100 * time.Millisecond)
	if op, _ := d.Stuck(); op != "Slots" || Describe(d) != "pkcs11 module stuck" {
		t.Errorf("100 ms into a 700 ms call: stuck in %q, %q", op, Describe(d))
	}
	deadline := time.Now().Add(3 * time.Second)
	for Describe(d) != "pkcs11" {
		if time.Now().After(deadline) {
			t.Fatalf("the call ended, and still %q", Describe(d))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
