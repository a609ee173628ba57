package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func FuzzLoad(f *testing.F) {
	if example, err := os.ReadFile("example.toml"); err == nil {
		f.Add(example)
	}
	for _, s := range []string{
		designFile,
		"",
		"org_code = \"1\"\ncolour = 1\n",
		"[smtp]\nport = \"x\"\n",
		"idle_timeout = 5\n",
		"kiosk_mode = false\n[policy]\nforbidden_words = []\n",
		"smtp = {host = \"localhost\", tls = \"none\"}\n",
		"[[policy]]\n",
		"terminal = \"\\u0007\"\n",
		"\xef\xbb\xbforg_code = \"1\"\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "kiosk.toml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path, nil)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Load accepted a config that fails Validate: %v", err)
		}
		// What `kiosk config show` prints must load back to the same config.
		text := c.Redacted()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		again, err := Load(path, nil)
		if err != nil {
			t.Fatalf("Redacted output does not load: %v\n%s", err, text)
		}
		if c.Reset.ResetURL == again.Reset.ResetURL && !reflect.DeepEqual(c, again) {
			t.Fatalf("Redacted round trip:\n got %+v\nwant %+v", again, c)
		}
	})
}
