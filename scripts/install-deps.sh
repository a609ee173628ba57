#!/usr/bin/env bash
# Installs the Debian packages Ward Kiosk needs to build and test, only
# those missing. Runs as root, or through sudo when not root.
set -euo pipefail

packages=(
	gcc            # cgo: SQLite and PC/SC
	pkg-config
	libpcsclite-dev
	pcscd          # smartcard tests start their own pcscd (never on --auto-exit)
	vsmartcard-vpcd  # virtual reader for tests and demos: NEVER on a production kiosk
	opensc         # pkcs15-tool and opensc-pkcs11.so: independent PIV clients read our virtual card
	softhsm2       # a second PKCS#11 module the smartcard/pkcs11 tests sign with
	sqlite3        # the sqlite3 shell, for maintainers and tests
	postgresql     # the PostgreSQL store's tests start their own server in a temp dir
	tmux           # end-to-end tests drive the kiosk in a real terminal
	debootstrap    # packaging/installtest installs the packages into a fresh Debian 12 root
	openssh-client # ssh and ssh-keygen: the kiosk serve tests connect as maintainers do
	wbritish       # the policy test draws passphrases from its word list
	ca-certificates
	protobuf-compiler # protoc: make generate regenerates the kiosk API's code
	systemd        # systemd-analyze: tools/mkdeb's tests verify and rate the packages' units
	lintian        # tools/mkdeb's tests: no lintian error in either package
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
	sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
