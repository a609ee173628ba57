package doctor

import (
	"context"
	"fmt"
	"strings"

	"github.com/wardkiosk/kiosk/config"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard"
)

// checkDriver says which driver signs cards in and, for a PKCS#11 module,
// whether it loads here and which slots it sees. It loads the module the
// way the kiosk does: checked, and tried in a child process first.
func checkDriver(ctx context.Context, cfg config.Config) Result {
	const name = "card-driver"
	if cfg.CardDriver != "pkcs11" {
		return ok(name, "piv, the built-in PIV client")
	}
	path := cfg.PKCS11.Module
	d := smartcard.LoadPKCS11(ctx, path)
	defer d.Close()
	if err := d.Wait(ctx); err != nil {
		reason := smartcard.LoadReason(err)
		return fail(name, "pkcs11 module %s did not load: %s; card sign-in is off, password sign-in works; fix: install the card vendor's module there, owned by root and not writable by group or others, then check it with pkcs11-tool --module %s --list-slots",
			path, sanitize.Line(reason), path)
	}
	info, _ := d.Info(ctx)
	slots, err := d.Slots(ctx)
	if err != nil {
		return fail(name, "pkcs11 module %s loads but lists no slots (%s); fix: check pcscd, then pkcs11-tool --module %s --list-slots", path, sanitize.Line(errText(err)), path)
	}
	var with []string
	for _, s := range slots {
		if s.Token {
			with = append(with, sanitize.Line(s.Description))
		}
	}
	what := fmt.Sprintf("pkcs11 module %s loads (%s %s, PKCS#11 %s); %s", path,
		sanitize.Line(info.Description), sanitize.Line(info.Version), sanitize.Line(info.Cryptoki), count(len(slots), "slot"))
	if len(with) > 0 {
		what += fmt.Sprintf(", a card in %s", strings.Join(with, ", "))
	}
	if len(slots) == 0 {
		return warn(name, "%s; fix: plug the reader in; a module that needs pcscd sees a slot for each reader", what)
	}
	return ok(name, "%s", what)
}
