// Package leaseholder names a process in the outbox leases it takes, so a
// worker on the same machine can tell that a lease's holder is gone.
package leaseholder

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// A lease holder is named "<machine> <pid> <start>": the machine is the
// host name and the kernel's boot id, start the process's start time in
// clock ticks since boot. A pid is reused, a pid with its start time on
// one boot is not, so a worker on the same machine can tell for certain
// that a holder is gone. Elsewhere (another host, no /proc) a lease is
// only taken over when it ends.

// This names this process, or "" where it cannot be named.
func This() string {
	machine := Machine()
	pid := os.Getpid()
	start, ok := startTime(pid)
	if machine == "" || !ok {
		return ""
	}
	return fmt.Sprintf("%s %d %s", machine, pid, start)
}

// Machine is the host name and boot id, or "" when either is unknown.
func Machine() string {
	host, err := os.Hostname()
	if err != nil || host == "" || strings.ContainsRune(host, ' ') {
		return ""
	}
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return host + "/" + strings.TrimSpace(string(boot))
}

// startTime reads field 22 of /proc/<pid>/stat; ok is false when the
// process does not exist or is a zombie (killed, not yet reaped).
func startTime(pid int) (string, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "", false
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return "", false
	}
	f := strings.Fields(string(b[i+1:])) // from field 3, the state
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return "", false
	}
	return f[19], true
}

// Gone reports whether holder is a process on this machine that has
// ended; false for a holder elsewhere, or one still running.
func Gone(holder, machine string) bool {
	f := strings.Fields(holder)
	if machine == "" || len(f) != 3 || f[0] != machine {
		return false
	}
	pid, err := strconv.Atoi(f[1])
	if err != nil || pid <= 0 {
		return false
	}
	start, ok := startTime(pid)
	return !ok || start != f[2]
}
