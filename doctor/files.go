package doctor

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/wardkiosk/kiosk/app"
	"github.com/wardkiosk/kiosk/kiosklocal"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// Free space below which the data directory warns, and fails: SQLite
// needs room for its journal, or every sign-in fails.
const (
	lowSpace  = 100 << 20
	fullSpace = 10 << 20
)

func checkConfig(o Options) Result {
	const name = "config"
	where := o.ConfigFile
	switch {
	case o.Serving:
		where = "the configuration kiosk serve runs with"
	case where == "":
		where = "the defaults and KIOSK_* variables (no --config or KIOSK_CONFIG)"
	}
	if o.ConfigErr != nil {
		return fail(name, "%s: %s; fix: edit the file (sudoedit %s), then kiosk doctor again", where, errText(o.ConfigErr), fileOr(o.ConfigFile))
	}
	if o.ConfigFile != "" {
		fi, err := os.Stat(o.ConfigFile)
		if err == nil && fi.Mode().Perm()&0o022 != 0 {
			return fail(name, "%s is %04o: another user could re-point this kiosk; fix: chmod go-w %s", o.ConfigFile, fi.Mode().Perm(), o.ConfigFile)
		}
		if err == nil && fi.Mode().Perm()&0o004 != 0 {
			return warn(name, "%s is %04o: everyone can read it; fix: chmod o-r %s (root:wardkiosk 0640)", o.ConfigFile, fi.Mode().Perm(), o.ConfigFile)
		}
	}
	mode := "standalone"
	switch {
	case o.Config.Client():
		mode = "client of " + count(len(o.Config.Server.URLs), "service instance")
	case o.Config.Store.URL != "" || o.Config.API.Listen != "":
		mode = "the Trust's service"
	}
	return ok(name, "%s is valid; terminal %s, %s", where, o.Config.Terminal, mode)
}

func fileOr(path string) string {
	if path == "" {
		return "/etc/ward-kiosk/kiosk.toml"
	}
	return path
}

func checkData(dir string) Result {
	const name = "data"
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return warn(name, "%s does not exist yet: the kiosk makes it 0700 at its first start; or now: install -d -m 0700 -o wardkiosk -g wardkiosk %s", dir, dir)
	}
	if err != nil {
		return fail(name, "%s: %s; fix: check the path (--data or KIOSK_DATA) and its parents' permissions", dir, errText(err))
	}
	if !fi.IsDir() {
		return fail(name, "%s is not a directory; fix: move it away and let the kiosk make the directory", dir)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fail(name, "%s is %04o: other users can read the kiosk's database and keys; fix: chmod 0700 %s", dir, perm, dir)
	}
	owner := ownerOf(fi)
	if syscall.Access(dir, 0o3) != nil { // W_OK|X_OK
		return fail(name, "%s (owner %s) is not writable by %s, who runs this; fix: run as the kiosk's user (sudo -u %s kiosk doctor), or chown -R wardkiosk:wardkiosk %s", dir, owner, whoAmI(), owner, dir)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err == nil {
		free := st.Bavail * uint64(st.Bsize)
		switch {
		case free < fullSpace:
			return fail(name, "%s has %d MiB free: the database cannot grow; fix: free space on its file system (df -h %s; journalctl --vacuum-size=100M)", dir, free>>20, dir)
		case free < lowSpace:
			return warn(name, "%s has %d MiB free; fix: free space soon (df -h %s; journalctl --vacuum-size=100M)", dir, free>>20, dir)
		}
		return ok(name, "%s is 0700, owner %s, %d MiB free", dir, owner, free>>20)
	}
	return ok(name, "%s is 0700, owner %s", dir, owner)
}

// ownerOf names a file's owner, or gives its uid.
func ownerOf(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "?"
	}
	id := strconv.FormatUint(uint64(st.Uid), 10)
	if u, err := user.LookupId(id); err == nil {
		return u.Username
	}
	return "uid " + id
}

func whoAmI() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "uid " + strconv.Itoa(os.Getuid())
}

// quickCheck runs SQLite's quick_check on a database file, read-only: ""
// when it is sound, else the first problem SQLite names.
func quickCheck(ctx context.Context, path string) (string, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "5000")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return "", err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&res); err != nil {
		return "", err
	}
	if res == "ok" {
		return "", nil
	}
	return res, nil
}

// checkDBFile is the database line for a SQLite file: there, 0600, sound.
func checkDBFile(ctx context.Context, path string) (Result, bool) {
	const name = "database"
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return warn(name, "%s does not exist yet: the kiosk creates it at its first start (systemctl start the kiosk's unit)", path), false
	}
	if err != nil {
		return fail(name, "%s: %s; fix: ls -l %s and check who owns it", path, errText(err), path), false
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fail(name, "%s is %04o: other users can read it; fix: chmod 0600 %s", path, perm, path), false
	}
	problem, err := quickCheck(ctx, path)
	if err != nil {
		return fail(name, "%s cannot be read: %s; fix: stop the kiosk, copy the file aside and restore the last backup", path, errText(err)), false
	}
	if problem != "" {
		return fail(name, "%s fails SQLite's quick_check: %s; fix: stop the kiosk, copy the file aside and restore the last backup", path, problem), false
	}
	return ok(name, "%s passes SQLite's quick_check", path), true
}

// checkStore is a standalone kiosk's or the service's database and audit
// chain.
func checkStore(ctx context.Context, o Options) []Result {
	var rs []Result
	if o.Config.Store.URL == "" {
		r, sound := checkDBFile(ctx, filepath.Join(o.DataDir, sqlite.FileName))
		if rs = append(rs, r); !sound {
			return rs
		}
	}
	if o.Audit == nil {
		return rs
	}
	if d := checkData(o.DataDir); d.Status == Fail || d.Status == Warn && !exists(o.DataDir) {
		// Opening the store would make or tighten the directory, and
		// make keys: doctor only looks.
		return append(rs, warn("audit", "not checked: fix the data line first"))
	}
	for _, key := range []string{app.KeyFile, app.AuditKeyFile} {
		path := filepath.Join(o.DataDir, key)
		switch {
		case exists(path):
		case o.Config.Store.URL != "":
			return append(rs, fail("audit", "%s is missing: every instance of the service needs the same key files, and a new one would not verify the chain; fix: copy it from another instance (install -m 0600 -o wardkiosk -g wardkiosk)", path))
		default:
			return append(rs, warn("audit", "not checked: %s is missing; fix: restore it from the last backup, or if this kiosk is new, start it once (it makes its keys)", path))
		}
	}
	n, err := o.Audit(ctx)
	switch {
	case errors.Is(err, ErrOpen) && o.Config.Store.URL != "":
		return append(rs, fail("database", "PostgreSQL (store.url) does not answer: %s; fix: check store.url and that PostgreSQL runs (pg_isready)", errText(err)))
	case errors.Is(err, ErrOpen):
		return append(rs, fail("audit", "%s; fix: run kiosk users list to see the same error, and restore the last backup if it persists", errText(err)))
	case err != nil:
		return append(rs, fail("audit", "%s; fix: keep the database as evidence (copy it aside), tell the Trust's information governance, and see kiosk audit list", errText(err)))
	}
	if o.Config.Store.URL != "" {
		rs = append(rs, ok("database", "PostgreSQL (store.url) answers"))
	}
	return append(rs, ok("audit", "the keyed audit chain is intact, %s", count(n, "event")))
}

func checkClientDB(ctx context.Context, dir string) Result {
	r, _ := checkDBFile(ctx, filepath.Join(dir, kiosklocal.FileName))
	return r
}

// checkEvents verifies a client kiosk's own event chain, the events it
// sends the service.
func checkEvents(ctx context.Context, dir string) Result {
	const name = "events"
	if _, err := os.Stat(filepath.Join(dir, kiosklocal.FileName)); err != nil {
		return ok(name, "no events yet")
	}
	if checkData(dir).Status == Fail {
		// Opening the database would tighten the directory: doctor only looks.
		return warn(name, "not checked: fix the data line first")
	}
	db, err := kiosklocal.Open(ctx, dir, nil)
	if err != nil {
		return fail(name, "%s; fix: stop the kiosk, copy %s aside and start it again", errText(err), filepath.Join(dir, kiosklocal.FileName))
	}
	defer db.Close()
	n, err := db.Verify(ctx)
	if err != nil {
		return fail(name, "%s; fix: keep %s as evidence (copy it aside) and tell the Trust's information governance", errText(err), filepath.Join(dir, kiosklocal.FileName))
	}
	queued, err := db.Queued(ctx)
	if err != nil {
		return fail(name, "%s", errText(err))
	}
	return ok(name, "the event chain is intact, %s, %d waiting for the service", count(n, "event"), queued)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
