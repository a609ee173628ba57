package leaseholder

import (
	"fmt"
	"strings"
	"testing"
)

func TestGone(t *testing.T) {
	me, machine := This(), Machine()
	if me == "" || machine == "" {
		t.Skip("no /proc here: leases are only taken over when they end")
	}
	if !strings.HasPrefix(me, machine+" ") {
		t.Fatalf("holder %q is not on machine %q", me, machine)
	}
	f := strings.Fields(me)
	for holder, want := range map[string]bool{
		me: false, // running
		fmt.Sprintf("%s %s %s", machine, f[1], f[2]+"0"):    true,  // the pid, started at another time: reused
		fmt.Sprintf("%s %d %s", machine, 1<<22+12345, f[2]): true,  // no such process
		"other-host/boot " + f[1] + " " + f[2]:              false, // elsewhere: cannot tell
		"garbage":                                           false,
	} {
		if got := Gone(holder, machine); got != want {
			t.Errorf("Gone(%q) = %v, want %v", holder, got, want)
		}
	}
}
