package pkcs11

import (
	"context"
	"fmt"
	"strings"

	p11 "github.com/miekg/pkcs11"
)

// Slot is one of the module's slots. Description and Label are the
// module's own strings: outside input.
type Slot struct {
	ID          uint
	Description string // CK_SLOT_INFO.slotDescription, trailing spaces trimmed
	Token       bool   // a token is present
	Label       string // the token's label, when one is present
}

// Slots lists every slot of the module, with or without a token. It asks
// the module afresh each time, which is when OpenSC notices a new reader.
func (m *Module) Slots(ctx context.Context) ([]Slot, error) {
	return call(ctx, m, "Slots", func(c *p11.Ctx) ([]Slot, error) { return slots(ctx, c) })
}

func slots(ctx context.Context, c *p11.Ctx) ([]Slot, error) {
	ids, err := c.GetSlotList(false)
	if err != nil {
		return nil, wrap("C_GetSlotList", err)
	}
	var out []Slot
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		si, err := c.GetSlotInfo(id)
		if err != nil {
			// A reader can go between the list and the info.
			continue
		}
		s := Slot{ID: id, Description: trim(si.SlotDescription), Token: si.Flags&p11.CKF_TOKEN_PRESENT != 0}
		if s.Token {
			if ti, err := c.GetTokenInfo(id); err == nil {
				s.Label = trim(ti.Label)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// trim drops the padding of a fixed-size PKCS#11 string: spaces, and the
// NULs some modules pad with instead.
func trim(s string) string { return strings.TrimRight(s, " \x00") }

// slotDescLen is the size of CK_SLOT_INFO.slotDescription.
const slotDescLen = 64

// matches reports whether a slot's (trimmed) description names the PC/SC
// reader: equal, or, for a reader name too long for the 64-byte field,
// equal to its first 64 bytes trimmed.
func matches(reader, desc string) bool {
	if desc == "" {
		return false
	}
	if reader == desc {
		return true
	}
	return len(reader) > slotDescLen && trim(reader[:slotDescLen]) == desc
}

// findSlot is the slot of the reader that holds a token: ErrNoSlot (naming
// the reader and the slots there are) when no slot matches, ErrNoToken
// when the matching slots have none.
func findSlot(ctx context.Context, c *p11.Ctx, reader string) (uint, error) {
	all, err := slots(ctx, c)
	if err != nil {
		return 0, err
	}
	found := false
	for _, s := range all {
		if !matches(reader, s.Description) {
			continue
		}
		found = true
		if s.Token {
			return s.ID, nil
		}
	}
	if found {
		return 0, fmt.Errorf("%w (reader %q)", ErrNoToken, reader)
	}
	descs := make([]string, len(all))
	for i, s := range all {
		descs[i] = fmt.Sprintf("%q", s.Description)
	}
	list := strings.Join(descs, ", ")
	if list == "" {
		list = "none"
	}
	return 0, fmt.Errorf("%w: reader %q; the module's slots: %s", ErrNoSlot, reader, list)
}

// PINStatus is what a token says of its user PIN before any login.
type PINStatus struct {
	CountLow bool // a wrong PIN was entered since the last right one, or few tries are left
	FinalTry bool // the next wrong PIN locks the token
	Locked   bool
	MinLen   uint // the token's PIN length range; MaxLen 0 when it gives none
	MaxLen   uint
}

// PIN reads the user PIN flags of the token in reader's slot, without
// logging in: the screen can warn of a final try before the PIN is typed.
func (m *Module) PIN(ctx context.Context, reader string) (PINStatus, error) {
	return call(ctx, m, "PIN", func(c *p11.Ctx) (PINStatus, error) {
		slot, err := findSlot(ctx, c, reader)
		if err != nil {
			return PINStatus{}, err
		}
		ti, err := c.GetTokenInfo(slot)
		if err != nil {
			return PINStatus{}, wrap("C_GetTokenInfo", err)
		}
		s := PINStatus{
			CountLow: ti.Flags&p11.CKF_USER_PIN_COUNT_LOW != 0,
			FinalTry: ti.Flags&p11.CKF_USER_PIN_FINAL_TRY != 0,
			Locked:   ti.Flags&p11.CKF_USER_PIN_LOCKED != 0,
			MinLen:   ti.MinPinLen,
			MaxLen:   ti.MaxPinLen,
		}
		if s.MaxLen == ^uint(0) {
			s.MaxLen = 0
		}
		return s, nil
	})
}
