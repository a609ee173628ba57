package installtest

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// promise is what a package says it leaves on a machine.
type promise struct {
	pkg    string   // the package's name
	needs  []string // packages it must declare in Depends
	user   string   // its system user (and group)
	data   string   // the data directory: 0700, owned by user
	config string   // the conffile: 0640 root:user
	units  []string // systemd units and drop-ins, by base name
}

// kioskArgs run the kiosk as its units do: the package's configuration
// and data directory.
func (p promise) kioskArgs(args ...string) []string {
	return append([]string{"kiosk", "--config", p.config, "--data", p.data}, args...)
}

// as runs args as the package's user, as systemd runs its units.
func (p promise) as(args ...string) []string {
	return append([]string{"setpriv", "--reuid=" + p.user, "--regid=" + p.user, "--init-groups"}, args...)
}

// packages are the two packages make deb builds (issue 13, DESIGN §11):
// the same user, data directory and configuration, different units.
var packages = []promise{{
	pkg:    "ward-kiosk", // the terminal
	needs:  []string{"pcscd", "libpcsclite1"},
	user:   "wardkiosk",
	data:   "/var/lib/ward-kiosk",
	config: "/etc/ward-kiosk/kiosk.toml",
	// The kiosk on a console, the maintainers' SSH server, and logind's
	// drop-in that keeps other consoles from offering a login.
	units: []string{"ward-kiosk@.service", "ward-kiosk-ssh.service", "ward-kiosk.conf"},
}, {
	pkg:    "ward-kiosk-server",      // the Trust-wide service
	needs:  []string{"libpcsclite1"}, // the one binary links it
	user:   "wardkiosk",
	data:   "/var/lib/ward-kiosk",
	config: "/etc/ward-kiosk/kiosk.toml",
	units:  []string{"ward-kiosk-server.service"},
}}

// TestInstall installs each package with apt into its own fresh minimal
// Debian 12, as a Trust's IT team would, runs the kiosk there, and walks
// it through reinstall, remove, install again, remove and purge, checking
// at each step what the package promises.
func TestInstall(t *testing.T) {
	for _, p := range packages {
		t.Run(p.pkg, func(t *testing.T) { testInstall(t, p) })
	}
}

func testInstall(t *testing.T, p promise) {
	deb := packageFile(t, p.pkg)
	needRoot(t)
	c := freshRoot(t)
	version := debField(t, deb, "Version")

	c.install(deb)
	c.checkDepends(deb, p.needs)
	// make deb stamps the package's version into the binary.
	out := c.must("kiosk", "version")
	t.Logf("kiosk version: %s", strings.TrimSpace(out))
	if !strings.Contains(out, version) {
		t.Errorf("kiosk version says %q; the package is %s", strings.TrimSpace(out), version)
	}
	c.checkInstalled(p)
	c.doctor(p)

	// The maintainer scripts run again on a machine that already has the
	// user, the directory and the configuration: they must not fail, nor
	// reset what is there.
	c.edit(p)
	c.must("apt-get", "install", "-y", "-q", "--reinstall", "/tmp/"+filepath.Base(deb))
	c.checkInstalled(p)
	c.checkEdited(p)

	c.remove(p, "remove")
	c.checkRemoved(p)

	// Installing over what remove left (the configuration and the data)
	// keeps both.
	c.install(deb)
	c.checkInstalled(p)
	c.checkEdited(p)

	c.remove(p, "remove")
	c.remove(p, "purge")
	c.checkPurged(p)
}

// packageFile is the newest <name>_*_amd64.deb in KIOSK_DEB_DIR, which
// make test sets after make deb (which leaves only its own version
// there, but one copied in by hand may linger). Without KIOSK_DEB_DIR
// (go test ./... by hand) the packages are built here first, as make deb
// builds them.
func packageFile(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("KIOSK_DEB_DIR")
	if dir == "" {
		dir = builtDebs(t)
	}
	debs, _ := filepath.Glob(filepath.Join(dir, name+"_*_amd64.deb"))
	newest, at := "", time.Time{}
	for _, d := range debs {
		if fi, err := os.Stat(d); err == nil && fi.ModTime().After(at) {
			newest, at = d, fi.ModTime()
		}
	}
	if newest == "" {
		t.Fatalf("no %s_*_amd64.deb in %s (make deb builds it)", name, dir)
	}
	abs, err := filepath.Abs(newest)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// built are the packages this test binary built itself, once.
var built struct {
	once sync.Once
	dir  string
	err  error
}

// builtDebs builds the packages with tools/mkdeb into a directory of this
// process's, once, and returns it.
func builtDebs(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "wardkiosk-debs-"); built.err != nil {
			return
		}
		cmd := exec.Command("go", "run", "./tools/mkdeb", "--out", built.dir)
		cmd.Dir = "../.." // the module's root, from this package's directory
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go run ./tools/mkdeb: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.dir
}

// debField is a field of a package's control file.
func debField(t *testing.T, deb, field string) string {
	t.Helper()
	return strings.TrimSpace(run(t, "dpkg-deb", "--field", deb, field))
}

// install copies the package into the root and installs it the way the
// deployment guide says: apt-get install on the file, so apt fetches its
// dependencies from the mirror.
func (c *chroot) install(deb string) {
	c.t.Helper()
	data, err := os.ReadFile(deb)
	if err != nil {
		c.t.Fatal(err)
	}
	c.write("/tmp/"+filepath.Base(deb), data, 0o644)
	start := time.Now()
	c.must("apt-get", "install", "-y", "-q", "/tmp/"+filepath.Base(deb))
	c.t.Logf("apt-get install %s (with its dependencies) in %s", filepath.Base(deb), time.Since(start).Round(100*time.Millisecond))
}

// remove removes or purges a package with apt.
func (c *chroot) remove(p promise, how string) {
	c.t.Helper()
	start := time.Now()
	c.must("apt-get", how, "-y", "-q", p.pkg)
	c.t.Logf("apt-get %s %s in %s", how, p.pkg, time.Since(start).Round(100*time.Millisecond))
}

// status is dpkg's status of a package ("install ok installed"), or ""
// when dpkg knows nothing of it.
func (c *chroot) status(pkg string) string {
	c.t.Helper()
	out, code := c.run("dpkg-query", "-W", "-f=${Status}", pkg)
	if code != 0 {
		return ""
	}
	return strings.TrimSpace(out)
}

// checkDepends proves the package declares what it needs and that apt
// pulled in every declared dependency: for each, one of its alternatives
// is installed.
func (c *chroot) checkDepends(deb string, needs []string) {
	c.t.Helper()
	depends := debField(c.t, deb, "Depends")
	c.t.Logf("Depends: %s", depends)
	declared := map[string]bool{}
	for _, dep := range strings.Split(depends, ",") {
		ok := false
		for _, alt := range strings.Split(dep, "|") {
			f := strings.Fields(alt)
			if len(f) == 0 {
				continue
			}
			name, _, _ := strings.Cut(f[0], ":") // an :any or :amd64 qualifier
			declared[name] = true
			if c.status(name) == "install ok installed" {
				ok = true
			}
		}
		if !ok && strings.TrimSpace(dep) != "" {
			c.t.Errorf("dependency %q is not installed", strings.TrimSpace(dep))
		}
	}
	for _, n := range needs {
		if !declared[n] {
			c.t.Errorf("the package does not declare %s in Depends", n)
		}
	}
}

// account is a user or group from the root's /etc/passwd or /etc/group.
type account struct {
	id     int
	fields []string
}

// lookup finds name in a passwd-format file inside the root.
func (c *chroot) lookup(file, name string) (account, bool) {
	c.t.Helper()
	data, err := os.ReadFile(c.path(file))
	if err != nil {
		c.t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, ":")
		if len(f) >= 3 && f[0] == name {
			id, err := strconv.Atoi(f[2])
			if err != nil {
				c.t.Fatalf("%s: %q", file, line)
			}
			return account{id, f}, true
		}
	}
	return account{}, false
}

// stat is a file's mode and owner inside the root, or false when it is
// missing.
func (c *chroot) stat(p string) (os.FileInfo, *syscall.Stat_t, bool) {
	c.t.Helper()
	fi, err := os.Lstat(c.path(p))
	if os.IsNotExist(err) {
		return nil, nil, false
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return fi, fi.Sys().(*syscall.Stat_t), true
}

// checkOwned checks a file's type, permissions and owner.
func (c *chroot) checkOwned(p string, dir bool, perm os.FileMode, uid, gid int) {
	c.t.Helper()
	fi, st, ok := c.stat(p)
	if !ok {
		c.t.Errorf("%s is missing", p)
		return
	}
	if fi.IsDir() != dir || (!dir && !fi.Mode().IsRegular()) {
		c.t.Errorf("%s is %v; want a %s", p, fi.Mode().Type(), map[bool]string{true: "directory", false: "regular file"}[dir])
	}
	if fi.Mode().Perm() != perm {
		c.t.Errorf("%s has mode %#o; want %#o", p, fi.Mode().Perm(), perm)
	}
	if int(st.Uid) != uid || int(st.Gid) != gid {
		c.t.Errorf("%s is owned by %d:%d; want %d:%d", p, st.Uid, st.Gid, uid, gid)
	}
}

// checkInstalled checks the files, owners and modes an installed package
// promises.
func (c *chroot) checkInstalled(p promise) {
	c.t.Helper()
	if s := c.status(p.pkg); s != "install ok installed" {
		c.t.Fatalf("%s: dpkg status %q after install", p.pkg, s)
	}
	user, ok := c.lookup("/etc/passwd", p.user)
	if !ok {
		c.t.Fatalf("no user %s", p.user)
	}
	group, ok := c.lookup("/etc/group", p.user)
	if !ok {
		c.t.Fatalf("no group %s", p.user)
	}
	// A system user: an id below 1000 and no login shell.
	if user.id >= 1000 || user.id == 0 {
		c.t.Errorf("user %s has uid %d; want a system user (1-999)", p.user, user.id)
	}
	if shell := user.fields[len(user.fields)-1]; shell != "/usr/sbin/nologin" && shell != "/bin/false" {
		c.t.Errorf("user %s has shell %s; want none (nologin)", p.user, shell)
	}
	if gid, _ := strconv.Atoi(user.fields[3]); gid != group.id {
		c.t.Errorf("user %s's primary group is %d; want %s (%d)", p.user, gid, p.user, group.id)
	}
	c.checkOwned(p.data, true, 0o700, user.id, group.id)
	c.checkOwned(p.config, false, 0o640, 0, group.id)
	conffiles, _ := os.ReadFile(c.path("/var/lib/dpkg/info/" + p.pkg + ".conffiles"))
	if !lines(string(conffiles))[p.config] {
		c.t.Errorf("%s is not a conffile of %s (conffiles: %q)", p.config, p.pkg, conffiles)
	}
	files := lines(c.must("dpkg-query", "-L", p.pkg))
	for _, unit := range p.units {
		found := ""
		for f := range files {
			if path.Base(f) == unit && strings.Contains(f, "/systemd/") {
				found = f
			}
		}
		if found == "" {
			c.t.Errorf("the package installs no systemd unit %s", unit)
			continue
		}
		if fi, _, ok := c.stat(found); !ok || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o644 {
			c.t.Errorf("%s: want a 0644 file, found %v", found, fi)
		}
	}
}

// lines is the set of a text's non-empty lines.
func lines(s string) map[string]bool {
	set := map[string]bool{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			set[l] = true
		}
	}
	return set
}

// marker is a file the test leaves in the data directory, standing for
// the kiosk's database, and the line it adds to the configuration, as a
// Trust's IT team would: remove must keep both, purge delete both.
const (
	marker     = "test-marker"
	configEdit = "# edited on this machine by the install test\n"
)

// edit adds data and edits the configuration.
func (c *chroot) edit(p promise) {
	c.t.Helper()
	c.must(p.as("sh", "-c", "echo data > "+p.data+"/"+marker)...)
	f, err := os.OpenFile(c.path(p.config), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := f.WriteString(configEdit); err != nil {
		c.t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		c.t.Fatal(err)
	}
}

// checkEdited checks the data and the edited configuration are still
// there.
func (c *chroot) checkEdited(p promise) {
	c.t.Helper()
	if _, _, ok := c.stat(path.Join(p.data, marker)); !ok {
		c.t.Errorf("%s lost its data (%s)", p.data, marker)
	}
	if conf, err := os.ReadFile(c.path(p.config)); err != nil || !strings.Contains(string(conf), configEdit) {
		c.t.Errorf("%s lost the local edit: %v %q", p.config, err, conf)
	}
}

// checkRemoved checks remove left the configuration and the data and
// took the rest.
func (c *chroot) checkRemoved(p promise) {
	c.t.Helper()
	if s := c.status(p.pkg); s != "deinstall ok config-files" {
		c.t.Errorf("%s: dpkg status %q after remove; want its configuration files kept", p.pkg, s)
	}
	if _, code := c.run("sh", "-c", "command -v kiosk"); code == 0 {
		c.t.Error("kiosk is still on the PATH after remove")
	}
	c.checkEdited(p)
	if _, ok := c.lookup("/etc/passwd", p.user); !ok {
		c.t.Errorf("remove deleted the user %s, who owns the data it keeps", p.user)
	}
}

// checkPurged checks purge deleted the data and the configuration.
func (c *chroot) checkPurged(p promise) {
	c.t.Helper()
	if s := c.status(p.pkg); s != "" && !strings.HasSuffix(s, "not-installed") {
		c.t.Errorf("%s: dpkg status %q after purge", p.pkg, s)
	}
	for _, f := range []string{p.data, p.config, path.Dir(p.config)} {
		if _, _, ok := c.stat(f); ok {
			c.t.Errorf("%s is still there after purge", f)
		}
	}
	// Whether purge deletes the user is the package's choice (Debian
	// often keeps system users, whose files may remain elsewhere): say
	// which.
	if _, ok := c.lookup("/etc/passwd", p.user); ok {
		c.t.Logf("purge kept the user %s", p.user)
	} else {
		c.t.Logf("purge deleted the user %s", p.user)
	}
}

// doctorLine is one line of kiosk doctor (DESIGN §11).
var doctorLine = regexp.MustCompile(`^(ok|warn|fail) [^:]+: .+$`)

// doctor runs kiosk doctor in the root as the kiosk's user, on the
// installed configuration and data directory, as a maintainer checks a
// new terminal. No pcscd runs in a chroot and no certificate is
// installed, so it exits 1; what matters here is that the installed
// binary runs, doctor says one line a check, and the checks of what the
// package set up (configuration, data directory) are ok.
func (c *chroot) doctor(p promise) {
	c.t.Helper()
	out, code := c.run(p.as(p.kioskArgs("doctor")...)...)
	c.t.Logf("kiosk doctor (exit %d):\n%s", code, out)
	if code != 0 && code != 1 {
		c.t.Errorf("kiosk doctor exit %d; want 0 or 1", code)
	}
	n := 0
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if !doctorLine.MatchString(l) {
			c.t.Errorf("kiosk doctor line %q is not `ok|warn|fail <check>: <what>`", l)
		}
		n++
	}
	if n < 3 {
		c.t.Errorf("kiosk doctor printed %d checks; want configuration, data directory, database and more", n)
	}
	if code == 1 && !strings.Contains(out, "\nfail ") && !strings.HasPrefix(out, "fail ") {
		c.t.Error("kiosk doctor exit 1 with no fail line")
	}
	// What the package itself sets up must be right whatever else is
	// missing: the user reads the configuration, and the data directory
	// is its own and private.
	for _, check := range []string{"config", "data"} {
		if !strings.HasPrefix(out, "ok "+check+": ") && !strings.Contains(out, "\nok "+check+": ") {
			c.t.Errorf("kiosk doctor does not say `ok %s` on the package's own set-up", check)
		}
	}
}

// TestMain removes the packages the tests built themselves.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}
