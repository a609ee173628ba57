// Command benchtable reads `go test -bench` output on stdin and prints the
// figures of DESIGN §9 as a table, each beside its target.
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// target is one row of DESIGN §9: which benchmark, which unit, what limit.
type target struct {
	bench  string // benchmark name without the -N suffix
	metric string // "ns/op" or a custom unit
	what   string
	limit  string
}

var targets = []target{
	{"BenchmarkCheck", "ns/op", "policy check without not-previous", "<= 50 µs"},
	{"BenchmarkLoadLists", "ns/op", "word lists loaded", "<= 50 ms"},
	{"BenchmarkLoadLists", "MiB-heap", "word lists heap", "<= 16 MiB"},
	{"BenchmarkArgon2Verify", "ns/op", "one argon2id verify", "reference"},
	{"BenchmarkLogin/wrong-password", "ns/op", "password login, server side", "<= 1.2 x verify"},
	{"BenchmarkLogin/success", "ns/op", "password login (success), server side", "<= 1.2 x verify"},
	{"BenchmarkLogin/unknown-user", "ns/op", "login of an unknown user", "= wrong password"},
	{"BenchmarkLoginMedians", "median-wrong-ms", "median, wrong password", "reference"},
	{"BenchmarkLoginMedians", "median-unknown-ms", "median, unknown user", "within 5 %"},
	{"BenchmarkLoginMedians", "diff-%", "unknown vs wrong: median difference", "<= 5 %"},
	{"BenchmarkLoginMedians", "diff-lo-%", "  its 95 % interval, low end", ">= -5 %"},
	{"BenchmarkLoginMedians", "diff-hi-%", "  its 95 % interval, high end", "<= 5 %"},
	{"BenchmarkAPISignIn/success", "ns/op", "online sign-in through the API (TLS)", "<= 1.2 x verify"},
	{"BenchmarkAPISignIn/success", "verifies-x", "  the same, in argon2id verifies", "<= 1.2"},
	{"BenchmarkAPISignIn/success", "extra-ms", "  the same, beyond one verify (fleet)", "<= 10 ms"},
	{"BenchmarkAPISignIn/wrong-password", "ns/op", "online wrong password through the API", "<= 1.2 x verify"},
	// The fleet (DESIGN §9, §10): the real kiosk serve over PostgreSQL,
	// simulated kiosks each on a TLS connection of its own (e2e/fleetbench).
	{"BenchmarkServiceSignIns64", "signins/s", "service, 64 kiosks at once: sign-ins/s", "reference"},
	{"BenchmarkServiceSignIns64", "of-ideal-%", "  of cores / one verify", ">= 80 %"},
	{"BenchmarkServiceSignIns64", "p50-ms", "  a sign-in, median", "reported"},
	{"BenchmarkServiceSignIns64", "p99-ms", "  a sign-in, 99th percentile", "reported"},
	{"BenchmarkServiceSignIns64", "verify-ms", "  one argon2id verify, same run", "reference"},
	{"BenchmarkServiceSignIns64", "cpu-ms/signin", "  service processor time a sign-in", "~ one verify"},
	{"BenchmarkServiceSignIns64", "service-cores", "  cores the service got meanwhile", "machine's cores"},
	{"BenchmarkServiceMemory200", "MiB-peak", "service resident, 200 sign-ins at once", "<= 300 MiB"},
	{"BenchmarkServiceMemory200", "MiB-idle", "  before them", "reference"},
	{"BenchmarkServiceMemory200", "slowest-ms", "  the slowest of the 200 answered in", "reference"},
	{"BenchmarkWatchers2000", "MiB-rss", "service resident, 2,000 kiosks watching", "<= 400 MiB"},
	{"BenchmarkWatchers2000", "KiB/kiosk", "  each watching kiosk adds", "reference"},
	{"BenchmarkWatchers2000", "idle-cpu-%", "  service processor, nothing changing", "reference"},
	{"BenchmarkWatchers2000", "reach-ms", "a change committed -> all 2,000 have it", "<= 3 s"},
	// Offline (DESIGN §10, issue 12): a real cut by a proxy in front of
	// the service (internal/cutproxy), the kiosk beating every 100 ms.
	{"BenchmarkOffline/refuse", "offline-ms", "cut (refused) -> working offline", "<= 5 s"},
	{"BenchmarkOffline/refuse", "online-ms", "  link back -> online, feed caught up", "reported"},
	{"BenchmarkOffline/black-hole", "offline-ms", "cut (black-holed) -> working offline", "<= 5 s"},
	{"BenchmarkOffline/black-hole", "online-ms", "  link back -> online, feed caught up", "reported"},
	// Offline card sign-in through the real binaries (e2e): the client
	// kiosk in tmux, the virtual card in a real pcscd, both instances cut;
	// the kiosk beats every 10 s, as on a ward.
	{"BenchmarkOfflineCard/refuse", "offered-ms", "cut (refused) -> card sign-in offered", "<= 2 beats, 20 s"},
	{"BenchmarkOfflineCard/refuse", "offline-signin-ms", "  offline card: passcode -> Portal", "vs online"},
	{"BenchmarkOfflineCard/refuse", "online-signin-ms", "  online, same run: passcode -> Portal", "reference"},
	{"BenchmarkOfflineCard/refuse", "back-online-ms", "  link back -> online, caught up, sent", "reported"},
	{"BenchmarkOfflineCard/refuse", "back-signin-ms", "  link back -> first sign-in done", "reported"},
	{"BenchmarkOfflineCard/black-hole", "offered-ms", "cut (black-holed) -> card sign-in offered", "<= 2 beats + 3 s"},
	{"BenchmarkOfflineCard/black-hole", "offline-signin-ms", "  offline card: passcode -> Portal", "vs online"},
	{"BenchmarkOfflineCard/black-hole", "online-signin-ms", "  online, same run: passcode -> Portal", "reference"},
	{"BenchmarkOfflineCard/black-hole", "back-online-ms", "  link back -> online, caught up, sent", "reported"},
	{"BenchmarkOfflineCard/black-hole", "back-signin-ms", "  link back -> first sign-in done", "reported"},
	{"BenchmarkVerifyAudit1M", "ns/op", "audit verify, 1M events", "reference"},
	{"BenchmarkVerifyAudit1M", "MiB-peak-heap", "audit verify, 1M events: heap growth", "constant (<= 16 MiB)"},
	{"BenchmarkLoginDuringVerify", "ns/op", "wrong-password sign-in during a 1M verify", "= wrong password"},
	{"BenchmarkLoginDuringVerify", "median-ms", "median sign-in during a 1M verify", "reference"},
	{"BenchmarkLoginDuringVerify", "alone-median-ms", "median sign-in before it, same file", "reference"},
	{"BenchmarkLoginDuringVerify", "max-ms", "slowest sign-in during a 1M verify", "no lock wait (< 1 s)"},
	{"BenchmarkStartToFirstFrame", "ns/op", "start to first frame of the Login screen", "<= 100 ms"},
	{"BenchmarkStartToFirstFrame", "MiB-rss", "resident memory on the Login screen", "<= 50 MiB"},
	{"BenchmarkView/Login", "ns/op", "a frame (View) of Login at 200x60", "<= 1 ms"},
	{"BenchmarkView/Assistance", "ns/op", "a frame of Login Assistance at 200x60", "<= 1 ms"},
	{"BenchmarkView/Sent", "ns/op", "a frame of Sent at 200x60", "<= 1 ms"},
	{"BenchmarkView/Reset", "ns/op", "a frame of Reset at 200x60", "<= 1 ms"},
	{"BenchmarkView/Portal", "ns/op", "a frame of Portal at 200x60", "<= 1 ms"},
	{"BenchmarkView/ChangePassword", "ns/op", "a frame of Change password at 200x60", "<= 1 ms"},
	{"BenchmarkView/Smartcard", "ns/op", "a frame of Smartcard at 200x60", "<= 1 ms"},
	{"BenchmarkView/Guide", "ns/op", "a frame of an open guide at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Login", "ns/op", "a frame of Login in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Assistance", "ns/op", "a frame of Login Assistance in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Sent", "ns/op", "a frame of Sent in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Reset", "ns/op", "a frame of Reset in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Portal", "ns/op", "a frame of Portal in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/ChangePassword", "ns/op", "a frame of Change password in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Smartcard", "ns/op", "a frame of Smartcard in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkViewWelsh/Guide", "ns/op", "a frame of an open guide in Welsh at 200x60", "<= 1 ms"},
	{"BenchmarkConsoleView/Dashboard", "ns/op", "console: a frame of Dashboard at 200x60", "<= 1 ms"},
	{"BenchmarkConsoleView/Users", "ns/op", "console: a frame of Users at 200x60", "<= 1 ms"},
	{"BenchmarkConsoleView/Policy", "ns/op", "console: a frame of Policy at 200x60", "<= 1 ms"},
	{"BenchmarkConsoleView/Audit", "ns/op", "console: a frame of Audit at 200x60", "<= 1 ms"},
	{"BenchmarkDeliver", "msgs/s", "mail delivered to a loopback SMTP relay", ">= 100 msgs/s"},
	{"BenchmarkForgotToInbox", "ns/op", "forgot-password submit to the inbox", "<= 1 s"},
	{"BenchmarkForgotToInbox", "answer-ms", "forgot-password answer meanwhile", "= 250 ms floor"},
	{"BenchmarkCardInserted", "detect-ms", "card in -> pcscd sees it (400 ms poll)", "pcscd's part"},
	{"BenchmarkCardInserted", "notify-ms", "pcscd sees card -> Monitor event", "<= 50 ms"},
	{"BenchmarkCardInserted", "ns/op", "card in -> Monitor event, in all", "<= poll + 50 ms"},
	{"BenchmarkPasscodeToSession/ecdsa-p256", "ns/op", "passcode -> session, vcard P-256", "<= 100 ms"},
	{"BenchmarkPasscodeToSession/rsa-2048", "ns/op", "passcode -> session, vcard RSA 2048", "<= 100 ms"},
	{"BenchmarkPasscodeToSession/pkcs11-ecdsa-p256", "ns/op", "  P-256 through OpenSC's PKCS#11 module", "<= 100 ms"},
	{"BenchmarkPasscodeToSession/pkcs11-ecdsa-p256", "piv-ms", "    built-in PIV, same card, turn about", "reference"},
	{"BenchmarkPasscodeToSession/pkcs11-ecdsa-p256", "piv-x", "    PKCS#11 time / built-in PIV time", "reported"},
	{"BenchmarkSignOpenSC", "ns/op", "    of which the module's own sign-in", "reference"},
	{"BenchmarkPasscodeToSession/pkcs11-rsa-2048", "ns/op", "  RSA 2048 through OpenSC's PKCS#11 module", "<= 100 ms"},
	{"BenchmarkPasscodeToSession/pkcs11-rsa-2048", "piv-ms", "    built-in PIV, same card, turn about", "reference"},
	{"BenchmarkPasscodeToSession/pkcs11-rsa-2048", "piv-x", "    PKCS#11 time / built-in PIV time", "reported"},
	{"BenchmarkPKCS11Load", "ns/op", "PKCS#11 module (OpenSC) loaded at start-up", "reported"},
	{"BenchmarkAPDU", "ns/op", "APDU round trip via pcscd + vpcd", "reference"},
	{"BenchmarkSSHConsoleFirstFrame", "ns/op", "ssh -tt to the console's first frame", "reference"},
	{"BenchmarkSSHCommand", "ns/op", "command round trip: ssh kiosk users show", "reference"},
	{"BenchmarkSSHConsoles50", "rss50-MiB", "kiosk serve resident, 50 consoles open", "reference"},
	{"BenchmarkSSHConsoles50", "session-MiB", "memory each console session adds", "reference"},
	{"BenchmarkConsoleConnect", "ns/op", "in-process: connect to first frame", "reference"},
	{"BenchmarkCommandSession", "ns/op", "in-process: command on an open connection", "reference"},
	// PostgreSQL vs SQLite store for the hot operations (issue 11). The
	// PostgreSQL figures come from the tests' server (fsync off); sign-ins
	// use the cheapest argon2id, so that the store is what is measured.
	{"BenchmarkStoreSQLite/login-wrong", "ns/op", "SQLite: sign-in, wrong password", "reference"},
	{"BenchmarkStorePostgres/login-wrong", "ns/op", "PostgreSQL: sign-in, wrong password", "vs SQLite"},
	{"BenchmarkCardOffered", "ns/op", "offline card sign-in offered? (each second)", "reference"},
	{"BenchmarkUploadEvents10k", "ns/op", "10,000 queued events uploaded (each once)", "reported"},
	{"BenchmarkUploadEvents10k", "events/s", "  events stored and audited a second", "reported"},
	{"BenchmarkStoreSQLite/login-right", "ns/op", "SQLite: sign-in, right password", "reference"},
	{"BenchmarkStorePostgres/login-right", "ns/op", "PostgreSQL: sign-in, right password", "vs SQLite"},
	{"BenchmarkStoreSQLite/reset-code-lookup", "ns/op", "SQLite: reset code lookup", "reference"},
	{"BenchmarkStorePostgres/reset-code-lookup", "ns/op", "PostgreSQL: reset code lookup", "vs SQLite"},
	{"BenchmarkStoreSQLite/audit-append", "ns/op", "SQLite: audit append", "reference"},
	{"BenchmarkStorePostgres/audit-append", "ns/op", "PostgreSQL: audit append", "vs SQLite"},
}

var line = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+\d+\s+(.*)$`)

func main() {
	got := map[string]map[string]float64{}
	var order []string
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		name := m[1]
		if got[name] == nil {
			got[name] = map[string]float64{}
			order = append(order, name)
		}
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				got[name][f[i+1]] = v
			}
		}
	}
	fmt.Printf("| %-42s | %-16s | %-16s |\n", "what", "measured", "target")
	fmt.Printf("|%s|%s|%s|\n", strings.Repeat("-", 44), strings.Repeat("-", 18), strings.Repeat("-", 18))
	shown := map[string]bool{}
	for _, t := range targets {
		v, ok := got[t.bench][t.metric]
		val := "not run"
		if ok {
			val = format(v, t.metric)
			shown[t.bench] = true
		}
		fmt.Printf("| %-42s | %-16s | %-16s |\n", t.what, val, t.limit)
	}
	for _, name := range order {
		if !shown[name] {
			fmt.Printf("| %-42s | %-16s | %-16s |\n", strings.TrimPrefix(name, "Benchmark"), format(got[name]["ns/op"], "ns/op"), "")
		}
	}
}

// format shows ns/op in the unit that reads best, other metrics as they are.
func format(v float64, metric string) string {
	if metric != "ns/op" {
		// Custom metrics name their unit first ("MiB-heap", "MiB-rss") or
		// last ("median-wrong-ms", "diff-%").
		unit := metric[strings.LastIndex(metric, "-")+1:]
		if strings.HasPrefix(metric, "MiB-") {
			unit = "MiB"
		}
		if unit == "x" { // a ratio: "<what>-x"
			return fmt.Sprintf("%.2fx %s", v, metric[:len(metric)-2])
		}
		return fmt.Sprintf("%.2f %s", v, unit)
	}
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2f ms", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.2f µs", v/1e3)
	}
	return fmt.Sprintf("%.0f ns", v)
}
