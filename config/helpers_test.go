package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeFile writes a config file into a fresh temp dir and returns its path.
func writeFile(t testing.TB, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// env returns a lookupEnv over a fixed map.
func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

// errorKeys lists the keys named by the keyErrors joined in err, sorted.
func errorKeys(t testing.TB, err error) []string {
	t.Helper()
	var keys []string
	for _, e := range flatten(err) {
		var ke *keyError
		if !errors.As(e, &ke) {
			t.Fatalf("error %q does not name a key", e)
		}
		keys = append(keys, ke.key)
	}
	slices.Sort(keys)
	return keys
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func boolPtr(b bool) *bool { return &b }
