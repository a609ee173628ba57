package admin

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the host key's name in the data directory when
// ssh.host_key is not set.
const HostKeyFile = "ssh_host_ed25519_key"

// LoadHostKey reads the server's host key, generating an ed25519 key into
// path (0600) the first time, so maintainers' known_hosts stay valid
// across restarts. A key that others may read is refused, as sshd does.
func LoadHostKey(path string) (gossh.Signer, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if err := writeHostKey(path); err != nil {
			return nil, err
		}
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("admin: host key: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("admin: host key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("admin: host key %s may be read by others (mode %04o): chmod 600 it", path, fi.Mode().Perm())
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return nil, fmt.Errorf("admin: host key %s: %w", path, err)
	}
	return signer, nil
}

// writeHostKey generates a key and links it into place whole, so two
// servers starting at once agree on one key and a crash leaves none half
// written.
func writeHostKey(path string) error {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("admin: host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "ward-kiosk host key")
	if err != nil {
		return fmt.Errorf("admin: host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("admin: host key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hostkey-*") // CreateTemp makes it 0600
	if err != nil {
		return fmt.Errorf("admin: host key: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := pem.Encode(tmp, block); err != nil {
		tmp.Close()
		return fmt.Errorf("admin: host key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("admin: host key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("admin: host key: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("admin: host key: %w", err)
	}
	return nil
}
