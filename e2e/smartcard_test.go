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
//
// Then two wrong passcodes, the card out and in again: the prompt says the
// next wrong passcode blocks it before one is typed.
func TestSmartcardJourney(t *testing.T) {
	tm, card, jane := smartcardJourney(t, "2 tries left")
	card.say("insert")
	tm.WaitFor("Enter your passcode")
	for _, left := range []string{"2 tries left", "1 try left"} {
		tm.Type("000000")
		tm.Press("Enter")
		tm.WaitFor(left)
	}
	card.say("remove")
	tm.WaitFor("Insert your smartcard")
	card.say("insert")
	tm.WaitFor("This card has 1 try left: a wrong passcode now blocks it.")
	tm.Type("123456")
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + jane.First + " " + jane.Last)
}

// The same journey with card_driver = "pkcs11": the same virtual card
// reached through OpenSC's module, somebody else's middleware. OpenSC
// does not count tries until the last, so the first wrong passcode is
// only "not right".
func TestSmartcardJourneyPKCS11(t *testing.T) {
	pcsctest.RequireOpenSC(t)
	smartcardJourney(t, "The passcode is not right.", "KIOSK_CARD_DRIVER=pkcs11", "KIOSK_PKCS11_MODULE="+pcsctest.OpenSCModule)
}

func smartcardJourney(t *testing.T, wrong string, env ...string) (*term, *virtualCard, demoUser) {
	d := pcsctest.Start(t)
	data, users := demo(t)
	jane := users[0]
	tm := startKiosk(t, data, 100, 32, append([]string{"KIOSK_KIOSK_MODE=false", "KIOSK_SMARTCARD=true",
		"KIOSK_TRUST_CA_FILE=" + filepath.Join(data, "demo-cards", "ca.pem"),
		"PCSCLITE_CSOCK_NAME=" + os.Getenv("PCSCLITE_CSOCK_NAME")}, env...)...)
	tm.WaitFor("Employee Self Service")
	tm.WaitFor("Smartcard: no card")

	card := insertCard(t, data, jane.Username, d.Addr(0))
	tm.WaitFor("Enter your passcode")
	tm.Type("000000")
	tm.Press("Enter")
	tm.WaitFor(wrong)
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
	return tm, card, jane
}

// A card vendor's module that does not load turns card sign-in off with
// words saying so, and nothing else: password sign-in goes on.
func TestSmartcardBrokenModule(t *testing.T) {
	d := pcsctest.Start(t)
	data, users := demo(t)
	jane := users[0]
	notAModule := "/usr/lib/x86_64-linux-gnu/libz.so.1" // a real library, root's, with no C_GetFunctionList
	if _, err := os.Stat(notAModule); err != nil {
		t.Skipf("no %s to stand for a broken module", notAModule)
	}
	tm := startKiosk(t, data, 100, 32, "KIOSK_KIOSK_MODE=false", "KIOSK_SMARTCARD=true",
		"KIOSK_TRUST_CA_FILE="+filepath.Join(data, "demo-cards", "ca.pem"),
		"KIOSK_CARD_DRIVER=pkcs11", "KIOSK_PKCS11_MODULE="+notAModule,
		"PCSCLITE_CSOCK_NAME="+os.Getenv("PCSCLITE_CSOCK_NAME"))
	tm.WaitFor("Employee Self Service")
	card := insertCard(t, data, jane.Username, d.Addr(0))
	tm.WaitFor("Enter your passcode")
	tm.Type("123456")
	tm.Press("Enter")
	tm.WaitFor("Smartcard sign-in is not working on this kiosk")
	tm.Never("123456")
	card.say("remove")
	tm.WaitFor("Insert your smartcard")

	tm.Press("Escape")
	tm.WaitFor("Your username looks like 382XXXXXXX0X")
	tm.Type(jane.Username)
	tm.Press("Tab")
	tm.Type(jane.Password)
	tm.Press("Enter")
	tm.WaitFor("Welcome, " + jane.First + " " + jane.Last)
}
