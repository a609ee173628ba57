package admin

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/cli"
	"github.com/wardkiosk/kiosk/sanitize"
)

// allow is the public-key handler: it admits a key listed in the
// authorised-keys file, during the handshake.
func (k *keyring) allow(ctx ssh.Context, key ssh.PublicKey) bool {
	m, ok := k.Lookup(key)
	if !ok {
		k.log.Info("ssh key refused", "remote", hostOf(ctx.RemoteAddr()), "user", clip(ctx.User()),
			"key", gossh.FingerprintSHA256(key))
		return false
	}
	k.log.Debug("ssh key accepted", "maintainer", m.Name, "key", m.Fingerprint)
	return true
}

// authorise is the authorisation link of the chain: it looks the key
// that authenticated the connection up again, as the file may have
// changed since and a removed key ends here, and records who the
// maintainer is for the links after it.
func (s *Server) authorise(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		m, ok := s.keys.Lookup(sess.PublicKey())
		if !ok {
			refuse(sess, cli.ExitFailed, "your key is no longer authorised")
			return
		}
		// The connection's context: one key authenticates a connection,
		// so its sessions share one maintainer.
		sess.Context().SetValue(maintainerKey{}, m)
		next(sess)
	}
}

// maintainerKey holds the Maintainer in a connection's context.
type maintainerKey struct{}

// maintainerOf is who authorise found the session's maintainer to be.
func maintainerOf(sess ssh.Session) Maintainer {
	m, _ := sess.Context().Value(maintainerKey{}).(Maintainer)
	return m
}

// Maintainer is who holds an authorised key: the key's comment names them.
type Maintainer struct {
	Name        string
	Fingerprint string // SHA256:... as ssh-keygen -l prints it
}

// Actor is the maintainer acting from addr, for the audit:
// "maintainer:alice (SHA256:...)".
func (m Maintainer) Actor(addr string) auth.Actor {
	return auth.Actor{Name: "maintainer:" + m.Name + " (" + m.Fingerprint + ")", Terminal: "ssh:" + addr}
}

// maxName bounds a maintainer's name, in characters.
const maxName = 64

// authorised is one usable line of the file.
type authorised struct {
	wire []byte // the key in SSH wire format
	m    Maintainer
}

// stamp tells whether the file changed since it was read, as far as the
// file system's clock can tell: a change within one tick of it (a few ms
// on Linux, 2 s on FAT) and of the same size leaves the same stamp, so
// keyring also compares the bytes while the stamp is that young.
type stamp struct {
	mod, change time.Time
	size        int64
	dev, inode  uint64
	mode        fs.FileMode
}

// racyWindow is how long after a stamp's times the stamp alone is not
// trusted: wider than any file system's timestamp granularity.
const racyWindow = 3 * time.Second

// maxKeysFile bounds the authorised keys file read: a few hundred keys.
const maxKeysFile = 1 << 20

// keyring is the authorised-keys file, read again whenever it changes, so
// adding or removing a maintainer needs no restart.
type keyring struct {
	path string
	log  *slog.Logger

	mu     sync.Mutex
	seen   stamp
	read   bool
	readAt time.Time // when the bytes were last read
	digest [sha256.Size]byte
	keys   []authorised
	state  string // why no key is accepted, for the log: "" when fine
}

func newKeyring(path string, log *slog.Logger) *keyring {
	return &keyring{path: path, log: log}
}

// Lookup returns the maintainer whose key this is. It compares every
// authorised key in constant time.
func (k *keyring) Lookup(key ssh.PublicKey) (Maintainer, bool) {
	if key == nil {
		return Maintainer{}, false
	}
	return k.lookupWire(key.Marshal())
}

// lookupWire is Lookup of a key in SSH wire format.
func (k *keyring) lookupWire(wire []byte) (Maintainer, bool) {
	if len(wire) == 0 {
		return Maintainer{}, false
	}
	keys := k.current()
	var found Maintainer
	ok := 0
	for _, a := range keys {
		eq := subtle.ConstantTimeCompare(a.wire, wire)
		if eq == 1 && ok == 0 {
			found = a.m
		}
		ok |= eq
	}
	return found, ok == 1
}

// current returns the keys, reading the file again if it changed.
func (k *keyring) current() []authorised {
	k.mu.Lock()
	defer k.mu.Unlock()
	st, err := statFile(k.path)
	if err != nil {
		k.keys, k.read = nil, false
		k.report(fmt.Sprintf("no maintainer can log in: %v", err))
		return nil
	}
	if k.read && st == k.seen && !k.racy(st) {
		return k.keys
	}
	if st.mode.Perm()&0o022 != 0 {
		// Anyone who can write the file can let themselves in.
		k.seen, k.read, k.keys = st, true, nil
		k.report(fmt.Sprintf("no maintainer can log in: %s may be written by others (mode %04o): chmod 644 or 600 it",
			k.path, st.mode.Perm()))
		return nil
	}
	b, err := readKeysFile(k.path)
	if err != nil {
		k.keys = nil
		k.read = false
		k.report(fmt.Sprintf("no maintainer can log in: %v", err))
		return nil
	}
	sum := sha256.Sum256(b)
	same := k.read && st == k.seen && sum == k.digest
	// The real clock, not the server's: it is compared with the file
	// system's times.
	k.seen, k.read, k.readAt, k.digest = st, true, time.Now(), sum
	if same {
		return k.keys // read again only because the stamp was young
	}
	keys, problems := parseAuthorizedKeys(b)
	for _, p := range problems {
		k.log.Warn("authorized keys: line skipped", "file", k.path, "problem", p)
	}
	k.keys = keys
	k.report("")
	k.log.Info("authorized keys read", "file", k.path, "maintainers", len(keys))
	return keys
}

// racy reports whether the file could have changed since it was read
// without its stamp showing it: it was read within racyWindow of the
// stamp's times, so a later write may have fallen in the same tick.
func (k *keyring) racy(st stamp) bool {
	return k.readAt.Sub(st.mod) < racyWindow || k.readAt.Sub(st.change) < racyWindow
}

// readKeysFile reads the file, no more than maxKeysFile of it.
func readKeysFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeysFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxKeysFile {
		return nil, fmt.Errorf("%s is larger than %d KiB", path, maxKeysFile>>10)
	}
	return b, nil
}

// report logs a change of state once, not at every connection.
func (k *keyring) report(state string) {
	if state != k.state && state != "" {
		k.log.Warn(state)
	}
	k.state = state
}

func statFile(path string) (stamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{}, err
	}
	if !fi.Mode().IsRegular() {
		return stamp{}, fmt.Errorf("%s is not a regular file", path)
	}
	st := stamp{mod: fi.ModTime(), size: fi.Size(), mode: fi.Mode()}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		st.dev, st.inode = uint64(sys.Dev), sys.Ino
		st.change = time.Unix(sys.Ctim.Unix())
	}
	return st, nil
}

// parseAuthorizedKeys reads an authorized_keys file: one key a line, its
// comment naming the maintainer. Lines with options (from=, command=,
// cert-authority, ...) are skipped rather than half honoured, as are keys
// without a usable name; problems say which line and why, never the key.
func parseAuthorizedKeys(b []byte) ([]authorised, []string) {
	var keys []authorised
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 16<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, comment, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("line %d: not a public key", n))
			continue
		case len(options) > 0:
			problems = append(problems, fmt.Sprintf("line %d: key options are not supported", n))
			continue
		}
		if _, isCert := key.(*gossh.Certificate); isCert {
			problems = append(problems, fmt.Sprintf("line %d: certificates are not supported", n))
			continue
		}
		name, err := maintainerName(comment)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", n, err))
			continue
		}
		keys = append(keys, authorised{wire: key.Marshal(),
			m: Maintainer{Name: name, Fingerprint: gossh.FingerprintSHA256(key)}})
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, err.Error())
	}
	return keys, problems
}

// errNoName is a key without a comment to name its maintainer.
var errNoName = errors.New("the key's comment must name the maintainer")

// maintainerName makes a key's comment a name fit for the audit: one line,
// no control characters, no parentheses (they frame the fingerprint).
func maintainerName(comment string) (string, error) {
	name := strings.Join(strings.Fields(sanitize.Line(comment)), " ")
	switch {
	case name == "":
		return "", errNoName
	case utf8.RuneCountInString(name) > maxName:
		return "", fmt.Errorf("the name in the comment is longer than %d characters", maxName)
	case strings.ContainsAny(name, "()"):
		return "", errors.New("the name in the comment may not hold parentheses")
	}
	return name, nil
}
