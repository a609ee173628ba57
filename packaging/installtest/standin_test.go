package installtest

import (
	"os"
	"path/filepath"
	"testing"
)

// standIn builds a tiny ward-kiosk package that keeps the promises, to
// prove the harness before make deb exists (KIOSK_DEB_DIR=standin).
func standIn(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	files := map[string]string{
		"DEBIAN/control": `Package: ` + name + `
Version: 0.0.0~standin
Architecture: amd64
Maintainer: test <test@example.org>
Depends: pcscd, libpcsclite1 (>= 1.9), adduser
Description: stand-in
 stand-in
`,
		"DEBIAN/conffiles": "/etc/ward-kiosk/kiosk.toml\n",
		"DEBIAN/postinst": `#!/bin/sh
set -e
if [ "$1" = configure ]; then
	adduser --system --group --no-create-home --home /var/lib/ward-kiosk --quiet wardkiosk
	install -d -m 0700 -o wardkiosk -g wardkiosk /var/lib/ward-kiosk
	chown root:wardkiosk /etc/ward-kiosk/kiosk.toml
	chmod 0640 /etc/ward-kiosk/kiosk.toml
fi
`,
		"DEBIAN/postrm": `#!/bin/sh
set -e
if [ "$1" = purge ]; then
	rm -rf /var/lib/ward-kiosk
	rmdir --ignore-fail-on-non-empty /etc/ward-kiosk 2>/dev/null || true
fi
`,
		"usr/bin/kiosk": `#!/bin/sh
while [ "${1#--}" != "$1" ]; do shift 2; done
case "$1" in
version) echo "kiosk 0.0.0-standin" ;;
doctor) echo "ok config: /etc/ward-kiosk/kiosk.toml"; echo "ok data: /var/lib/ward-kiosk"; echo "fail pcscd: not running; start pcscd"; exit 1 ;;
esac
`,
		"etc/ward-kiosk/kiosk.toml":                     "org_code = \"382\"\n",
		"lib/systemd/system/ward-kiosk@.service":        "[Service]\nExecStart=/usr/bin/kiosk\n",
		"lib/systemd/system/ward-kiosk-ssh.service":     "[Service]\nExecStart=/usr/bin/kiosk serve\n",
		"usr/lib/systemd/logind.conf.d/ward-kiosk.conf": "[Login]\nNAutoVTs=0\n",
		"lib/systemd/system/ward-kiosk-server.service":  "[Service]\nExecStart=/usr/bin/kiosk serve\n",
	}
	for name, body := range files {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if filepath.Dir(name) == "usr/bin" || name == "DEBIAN/postinst" || name == "DEBIAN/postrm" {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, "dpkg-deb", "--root-owner-group", "--build", src, filepath.Join(out, name+"_0.0.0~standin_amd64.deb"))
	return out
}
