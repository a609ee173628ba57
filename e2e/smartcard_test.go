package e2e

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
)

// virtualCard is cmd/vcard holding a demo user's card in a reader.
type virtualCard struct {
	t     *testing.T
	stdin io.WriteCloser
}

// insertCard starts the virtual card of a demo user in the reader at addr.
func insertCard(t *testing.T, data, username, addr string) *virtualCard {
	t.Helper()
	return insertCardFile(t, filepath.Join(data, "demo-cards"), username, addr)
}

func (c *virtualCard) say(cmd string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		c.t.Fatal(err)
	}
}

// Smartcard sign-in in a real terminal through the real pcscd: the card
// goes in, the passcode prompt comes up from Login, a wrong passcode says
// the tries left, the right one signs in, pulling the card logs out.
func TestSmartcardJourney(t *testing.T) {
	d := pcsctest.Start(t)
	data, users := demo(t)
	jane := users[0]
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_SMARTCARD=true",
		"KIOSK_TRUST_CA_FILE="+filepath.Join(data, "demo-cards", "ca.pem"),
		"PCSCLITE_CSOCK_NAME="+os.Getenv("PCSCLITE_CSOCK_NAME"))
	tm.WaitFor("Employee Self Service")
	tm.WaitFor("Smartcard: no card")

	card := insertCard(t, data, jane.Username, d.Addr(0))
	tm.WaitFor("Enter your passcode")
	tm.Type("000000")
	tm.Press("Enter")
	tm.WaitFor("The passcode is not right. 2 tries left")
	tm.Type("123456")
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + jane.First + " " + jane.Last)
	tm.WaitFor("Signed in with smartcard as " + jane.First + " " + jane.Last)

	card.say("remove")
	tm.WaitFor("Employee Self Service")
	tm.Never("Welcome")

	// Taken out at the passcode prompt: the screen asks for the card again.
	card.say("insert")
	tm.WaitFor("Enter your passcode")
	card.say("remove")
	tm.WaitFor("Insert your smartcard")
	tm.WaitFor("The card was taken out")
}
