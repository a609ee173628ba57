package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Own gives path to the owner of its directory when this process runs as
// root and the directory belongs to someone else. Root running a command
// first on a service's data directory would otherwise leave files the
// service cannot open; run as anyone else, files are theirs already.
// A path that does not exist is left alone.
func Own(path string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	dir, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	want, ok := dir.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	if have, ok := fi.Sys().(*syscall.Stat_t); ok && have.Uid == want.Uid && have.Gid == want.Gid {
		return nil
	}
	if err := os.Lchown(path, int(want.Uid), int(want.Gid)); err != nil {
		return fmt.Errorf("sqlite: give %s to the data directory's owner: %w", path, err)
	}
	return nil
}

// writable reports whether this process may write path: false on a
// read-only file system (root included) or without write permission.
func writable(path string) bool {
	const wOK = 2 // W_OK of access(2)
	return syscall.Access(path, wOK) == nil
}
