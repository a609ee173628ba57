// Package installtest installs the terminal's Debian package into a fresh
// Debian 12 root, as a Trust's IT team would on a new machine, and checks
// what the package promises (DESIGN §11): its dependencies come with it,
// the kiosk runs, the files, owners and modes are right, and remove and
// purge leave what they say. `make test-deb` runs it as root; it needs
// debootstrap, chroot, unshare and a Debian mirror.
package installtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/internal/ci"
)

const (
	// suite and variant make the root: Debian 12 with only what apt
	// needs, so every other package the kiosk uses must come in as a
	// declared dependency.
	suite   = "bookworm"
	variant = "minbase"
	// defaultMirror is where debootstrap and the root's apt fetch from;
	// KIOSK_DEB_MIRROR names another (a Trust's own mirror, a proxy).
	defaultMirror = "http://deb.debian.org/debian"
	// cacheMaxAge bounds how stale the cached root may get: apt updates
	// its lists on every run, but a root far behind the mirror makes
	// each install upgrade half of it.
	cacheMaxAge = 14 * 24 * time.Hour
)

// needRoot fails under CI and skips elsewhere when this process cannot
// build and enter a root: it must be root (chroot, and dpkg's chown to
// the kiosk's user) and have the tools.
func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		ci.SkipOrFail(t, "the package install test needs root (chroot, dpkg): run make test-deb as root")
	}
	for _, tool := range []string{"debootstrap", "chroot", "unshare", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			ci.SkipOrFail(t, "%s is missing (make test-deb installs it)", tool)
		}
	}
}

// mirror is the Debian mirror to use.
func mirror() string {
	if m := os.Getenv("KIOSK_DEB_MIRROR"); m != "" {
		return m
	}
	return defaultMirror
}

// cachedRoot returns a tar archive of a freshly debootstrapped root,
// building it first when the cache has none or an old one. Building takes
// about half a minute and 200 MB; the archive is kept in the user's cache
// directory, keyed by suite and variant, and replaced atomically so two
// runs at once at worst both build it.
func cachedRoot(t *testing.T) string {
	t.Helper()
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatalf("no cache directory for the Debian root: %v", err)
	}
	dir := filepath.Join(base, "ward-kiosk")
	tarball := filepath.Join(dir, suite+"-"+variant+".tar")
	if fi, err := os.Stat(tarball); err == nil && time.Since(fi.ModTime()) < cacheMaxAge {
		t.Logf("Debian root: cached %s (%s old)", tarball, time.Since(fi.ModTime()).Round(time.Minute))
		return tarball
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	build, err := os.MkdirTemp(dir, suite+"-"+variant+".build-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(build)
	root := filepath.Join(build, "root")
	start := time.Now()
	// In its own mount namespace, so that whatever debootstrap mounts in
	// the target (/proc, /sys) goes away with it even when it fails half
	// way, and RemoveAll never walks into the host's.
	run(t, "unshare", "--mount", "--fork", "debootstrap", "--variant="+variant, suite, root, mirror())
	// The downloaded packages are installed now; the archive does not
	// need them.
	debs, _ := filepath.Glob(filepath.Join(root, "var/cache/apt/archives/*.deb"))
	for _, d := range debs {
		os.Remove(d)
	}
	t.Logf("Debian root: debootstrap --variant=%s %s took %s", variant, suite, time.Since(start).Round(100*time.Millisecond))
	tmp := filepath.Join(build, "root.tar")
	run(t, "tar", "--numeric-owner", "-C", root, "-cf", tmp, ".")
	if err := os.Rename(tmp, tarball); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(tarball); err == nil {
		t.Logf("Debian root: cached in %s (%d MB)", tarball, fi.Size()>>20)
	}
	return tarball
}

// chroot is a fresh Debian root in a test's temporary directory.
type chroot struct {
	t   *testing.T
	dir string
}

// freshRoot unpacks the cached root into a new directory, so every run
// installs into a machine nothing has touched, points apt at the mirror
// and updates its lists.
func freshRoot(t *testing.T) *chroot {
	t.Helper()
	tarball := cachedRoot(t)
	dir := filepath.Join(t.TempDir(), "root")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	run(t, "tar", "--numeric-owner", "-C", dir, "-xf", tarball)
	t.Logf("Debian root: fresh copy in %s", time.Since(start).Round(time.Millisecond))
	c := &chroot{t: t, dir: dir}
	resolv, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		t.Fatalf("the root needs the host's resolver: %v", err)
	}
	c.write("/etc/resolv.conf", resolv, 0o644)
	c.write("/etc/apt/sources.list", []byte("deb "+mirror()+" "+suite+" main\n"), 0o644)
	// No init system runs in a chroot: policy-rc.d's 101 is how Debian
	// says "start no service here", and what image builders set.
	c.write("/usr/sbin/policy-rc.d", []byte("#!/bin/sh\nexit 101\n"), 0o755)
	start = time.Now()
	c.must("apt-get", "update", "-q")
	t.Logf("Debian root: apt-get update in %s", time.Since(start).Round(100*time.Millisecond))
	return c
}

// path is a path inside the root as the host sees it.
func (c *chroot) path(p string) string { return filepath.Join(c.dir, p) }

// write writes a file inside the root.
func (c *chroot) write(p string, data []byte, mode os.FileMode) {
	c.t.Helper()
	if err := os.WriteFile(c.path(p), data, mode); err != nil {
		c.t.Fatal(err)
	}
	if err := os.Chmod(c.path(p), mode); err != nil {
		c.t.Fatal(err)
	}
}

// run runs a command inside the root with a clean environment and its own
// /proc (a private mount and PID namespace, so nothing stays mounted and
// no process outlives the command), and returns its combined output and
// exit code; a command that cannot start at all fails the test.
func (c *chroot) run(args ...string) (string, int) {
	c.t.Helper()
	env := []string{
		"/usr/bin/env", "-i",
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		"HOME=/root", "LANG=C.UTF-8", "TERM=dumb",
		"DEBIAN_FRONTEND=noninteractive", "DEBCONF_NONINTERACTIVE_SEEN=true",
	}
	cmd := exec.Command("unshare", append([]string{
		"--mount", "--pid", "--fork", "--mount-proc=" + c.path("proc"),
		"chroot", c.dir,
	}, append(env, args...)...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			c.t.Fatalf("in the root: %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return out.String(), code
}

// must runs a command inside the root and fails the test, with its
// output, unless it exits 0.
func (c *chroot) must(args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("in the root: %s: exit %d:\n%s", strings.Join(args, " "), code, tail([]byte(out), 60))
	}
	return out
}

// run runs a command on the host and fails the test with its output
// unless it succeeds.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(out, 40))
	}
	return string(out)
}

// tail is the last n lines of out: debootstrap and apt say why they
// failed at the end of a long log.
func tail(out []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("[%d lines before]", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
