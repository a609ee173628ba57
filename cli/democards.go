package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/smartcard/issue"
)

// DemoCardsDir is where `kiosk demo` puts the demo Trust CA and a card
// certificate and key per demo user, for cmd/vcard.
const DemoCardsDir = "demo-cards"

// DemoPIN is the passcode of every demo card.
const DemoPIN = "123456"

// demoCards makes a demo card-issuing CA and a card for each demo user,
// enrolled, and writes them to <data>/demo-cards/: ca.pem, then
// <username>.pem and <username>.key (PKCS#8). The second user's card has
// an RSA 2048 key, the others ECDSA P-256, so both are tried.
func demoCards(ctx context.Context, e *Env, k *Kiosk, users []auth.User) error {
	dir := filepath.Join(k.DataDir, DemoCardsDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo cards: %w", err)
	}
	ca, err := issue.NewCA(rand.Reader, "Ward Kiosk Demo Card CA", e.Now())
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "ca.pem"), issue.CertPEM(ca.Cert), 0o600); err != nil {
		return fmt.Errorf("demo cards: %w", err)
	}
	for i, u := range users {
		kt := issue.ECDSAP256
		if i == 1 {
			kt = issue.RSA2048
		}
		cert, key, err := ca.Card(issue.Template{CommonName: u.Name(), Key: kt})
		if err != nil {
			return err
		}
		keyPEM, err := issue.KeyPEM(key)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, u.Username+".pem"), issue.CertPEM(cert), 0o600); err != nil {
			return fmt.Errorf("demo cards: %w", err)
		}
		if err := os.WriteFile(filepath.Join(dir, u.Username+".key"), keyPEM, 0o600); err != nil {
			return fmt.Errorf("demo cards: %w", err)
		}
		if _, err := k.Service.EnrolCard(ctx, e.Actor, u.Username, cert.Raw, nil); err != nil {
			return err
		}
	}
	readme := fmt.Sprintf(`Demo smartcards for Ward Kiosk: for demos and tests only.

ca.pem is the demo card-issuing CA: run the kiosk with
  KIOSK_SMARTCARD=true KIOSK_TRUST_CA_FILE=%s
Each <username>.pem and <username>.key is a card, enrolled to that user;
every demo card's passcode is %s. Insert one with cmd/vcard:
  vcard --cert <username>.pem --key <username>.key --pin %s
(make demo-smartcard does all of this). Never put vsmartcard-vpcd or
vcard on a production kiosk.
`, filepath.Join(dir, "ca.pem"), DemoPIN, DemoPIN)
	if err := os.WriteFile(filepath.Join(dir, "README.txt"), []byte(readme), 0o600); err != nil {
		return fmt.Errorf("demo cards: %w", err)
	}
	return nil
}
