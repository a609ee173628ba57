#!/usr/bin/env bash
# Starts pcscd with the vsmartcard-vpcd reader, unless one runs already,
# and inserts a demo user's virtual card (cmd/vcard) until you type quit.
# Usage: scripts/demo-smartcard.sh DATA_DIR USERNAME
#
# FOR DEMOS ONLY. Never install vsmartcard-vpcd or bin/vcard on a
# production kiosk: vpcd takes a "card" from anyone who reaches its port.
set -euo pipefail

data=${1:?data directory}
user=${2:?demo username}
cards="$data/demo-cards"
if [ ! -e "$cards/$user.pem" ]; then
	echo "demo-smartcard: no demo card for $user in $cards (made before smartcards? remove $data and retry)" >&2
	exit 1
fi
for need in pcscd /usr/lib/pcsc/drivers/serial/libifdvpcd.so; do
	if ! command -v "$need" >/dev/null && [ ! -e "$need" ]; then
		echo "demo-smartcard: $need is missing; run scripts/install-deps.sh" >&2
		exit 1
	fi
done

started=""
stop() {
	if [ -n "$started" ]; then
		kill -TERM "$started" 2>/dev/null || true
		wait "$started" 2>/dev/null || true
		echo "pcscd stopped"
	fi
}
trap stop EXIT

if pidof pcscd >/dev/null; then
	echo "Using the pcscd already running (it needs /etc/reader.conf.d/vpcd loaded)."
else
	mkdir -p /run/pcscd 2>/dev/null || true
	pcscd --foreground >"$data/pcscd.log" 2>&1 &
	started=$!
	for _ in $(seq 50); do
		[ -S /run/pcscd/pcscd.comm ] && break
		sleep 0.1
	done
	echo "pcscd started (log in $data/pcscd.log); it stops when you quit."
fi

cat <<MSG

Virtual smartcard for $user, passcode 123456 (every demo card's).
In another terminal, start the kiosk with smartcard sign-in:

    KIOSK_SMARTCARD=true KIOSK_TRUST_CA_FILE=$cards/ca.pem make run

Here, type: remove, insert, quit.

MSG
bin/vcard --cert "$cards/$user.pem" --key "$cards/$user.key" --pin 123456
