package doctor

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ebfe/scard"
	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// How soon before they lapse a CRL and a certificate warn: a CRL past its
// next update refuses every card, so the Trust must publish the next in
// time; a certificate needs weeks to be reissued.
const (
	crlWarn  = 3 * 24 * time.Hour
	certWarn = 30 * 24 * time.Hour
)

// pcscResult is the pcscd line and the reader state it saw, which the
// heartbeat reports.
type pcscResult struct {
	result Result
	state  smartcard.State
}

// pcscCause is PC/SC's own error inside err, which says more to a
// maintainer than the card holder's words around it.
func pcscCause(err error) error {
	var e scard.Error
	if errors.As(err, &e) {
		return e
	}
	return err
}

// checkPCSC asks pcscd for its readers and whether a card is in one.
func checkPCSC() pcscResult {
	const name = "pcscd"
	st, err := smartcard.ReadState()
	switch {
	case errors.Is(err, smartcard.ErrNoReader):
		return pcscResult{result: warn(name, "pcscd runs but sees no reader; fix: plug the reader in (lsusb should list it), or install its driver (apt install libccid)"),
			state: st}
	case errors.Is(err, smartcard.ErrNoService) && !st.Service:
		return pcscResult{result: fail(name, "the smartcard service does not answer (%s); fix: sudo systemctl start pcscd.socket pcscd, and check systemctl status pcscd", errText(pcscCause(err)))}
	case err != nil && len(st.Readers) == 0:
		return pcscResult{result: fail(name, "pcscd did not list its readers (%s); fix: sudo systemctl restart pcscd", errText(err))}
	}
	names := make([]string, len(st.Readers))
	for i, r := range st.Readers {
		names[i] = r.Name
	}
	return pcscResult{result: ok(name, "pcscd runs; %s: %s", count(len(names), "reader"), strings.Join(names, ", ")), state: st}
}

// checkTrust is the card CAs' line and the CRL's: loaded, signed, and
// how long until they lapse.
func checkTrust(cfg config.Config, now time.Time) []Result {
	t := cfg.Trust
	if t.CAFile == "" {
		if cfg.Client() {
			return one(ok("card-ca", "none here: the service checks every card"))
		}
		return one(fail("card-ca", "smartcard = true and trust.ca_file is not set: no card can sign in; fix: copy the Trust's card CA bundle to /etc/ward-kiosk/card-ca.pem and set trust.ca_file to it"))
	}
	if _, err := certs.Load(t.CAFile, t.CRLFile); err != nil {
		check := "card-ca"
		if strings.Contains(err.Error(), "crl") || strings.Contains(err.Error(), "CRL") {
			check = "crl"
		}
		return one(fail(check, "%s; fix: copy the Trust's current files into place (trust.ca_file, trust.crl_file) and check them with openssl x509/crl -noout -text", errText(err)))
	}
	b, _ := os.ReadFile(t.CAFile)
	cas, _ := certs.ParsePEMCertificates(b)
	rs := []Result{caResult(cas, now, t.CAFile)}
	return append(rs, crlResult(cfg, now))
}

func caResult(cas []*x509.Certificate, now time.Time, file string) Result {
	const name = "card-ca"
	soonest := cas[0]
	for _, c := range cas {
		if c.NotAfter.Before(soonest.NotAfter) {
			soonest = c
		}
	}
	left := soonest.NotAfter.Sub(now)
	switch {
	case left <= 0:
		return fail(name, "%s: CA %q expired %s; fix: install the Trust's renewed CA bundle there", file, soonest.Subject.CommonName, soonest.NotAfter.UTC().Format(time.DateOnly))
	case left < certWarn:
		return warn(name, "%s: CA %q expires in %s (%s); fix: ask the Trust's PKI team for the renewed CA and install it there", file, soonest.Subject.CommonName, days(left), soonest.NotAfter.UTC().Format(time.DateOnly))
	}
	return ok(name, "%s: %s, the first to expire %s", file, count(len(cas), "CA"), soonest.NotAfter.UTC().Format(time.DateOnly))
}

func crlResult(cfg config.Config, now time.Time) Result {
	const name = "crl"
	file := cfg.Trust.CRLFile
	if file == "" {
		if cfg.Client() {
			return ok(name, "none here: the service checks revocation, and offline sign-in uses the CRL of the last roster sync")
		}
		return warn(name, "trust.crl_file is not set: a revoked card still signs in; fix: set trust.crl_file to the Trust's CRL and update it from cron")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return fail(name, "%s; fix: copy the Trust's current CRL there", errText(err))
	}
	crls, err := certs.ParseCRLs(b)
	if err != nil {
		return fail(name, "%s: %s; fix: copy the Trust's current CRL there", file, errText(err))
	}
	next := crls[0].NextUpdate
	for _, c := range crls {
		if c.NextUpdate.Before(next) {
			next = c.NextUpdate
		}
	}
	left := next.Sub(now)
	fix := fmt.Sprintf("fix: fetch the Trust's new CRL into %s (the kiosk reads it at the next sign-in)", file)
	switch {
	case next.IsZero():
		return warn(name, "%s has no next update time; %s", file, fix)
	case left <= 0:
		return fail(name, "%s expired %s ago (next update was %s): card sign-in is refused; %s", file, days(-left), next.UTC().Format(time.RFC3339), fix)
	case left < crlWarn:
		return warn(name, "%s expires in %s (next update %s); %s", file, days(left), next.UTC().Format(time.RFC3339), fix)
	}
	return ok(name, "%s is current until %s (%s)", file, next.UTC().Format(time.RFC3339), days(left))
}
