// Package piv speaks the subset of the PIV card application (NIST SP
// 800-73-4) that smartcard sign-in needs: SELECT, GET DATA of a slot's
// certificate, VERIFY of the PIN and GENERAL AUTHENTICATE to sign. Every
// response is outside input and is parsed strictly.
package piv

import (
	"errors"
	"fmt"
)

// AID is the PIV application identifier, version 1.0 (SP 800-73-4 §2.2).
var AID = []byte{0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00}

// RID is the NIST registered application provider prefix of AID; a card
// answers a SELECT of any right-truncation of AID down to it.
var RID = AID[:5]

// Instructions (SP 800-73-4 part 2, §3).
const (
	InsSelect      byte = 0xA4
	InsGetData     byte = 0xCB
	InsVerify      byte = 0x20
	InsGeneralAuth byte = 0x87
	InsGetResponse byte = 0xC0
)

// Slot is a key reference (SP 800-78-4 table 4).
type Slot byte

// Slots the kiosk knows.
const (
	SlotAuthentication Slot = 0x9A // PIV Authentication: sign-in
)

// Object returns the data object tag of the slot's certificate.
func (s Slot) Object() (uint32, error) {
	switch s {
	case SlotAuthentication:
		return 0x5FC105, nil
	}
	return 0, fmt.Errorf("piv: no certificate object for slot %02X", byte(s))
}

// Algorithm is a cryptographic algorithm identifier (SP 800-78-4 table 5).
type Algorithm byte

// Algorithms the kiosk accepts.
const (
	AlgRSA2048  Algorithm = 0x07
	AlgECCP256  Algorithm = 0x11
	PINRef      byte      = 0x80 // the PIV Card Application PIN
	PINLen                = 8    // the PIN is padded with FF to 8 bytes
	PINMinLen             = 6
	TagDataList uint32    = 0x5C // GET DATA: which object
	TagData     uint32    = 0x53 // a data object's container
	TagCert     uint32    = 0x70 // certificate
	TagCertInfo uint32    = 0x71 // 0: plain, 1: gzip
	TagLRC      uint32    = 0xFE // error detection code, empty
	TagDynAuth  uint32    = 0x7C // dynamic authentication template
	TagWitness  uint32    = 0x80
	TagChall    uint32    = 0x81 // the challenge to sign
	TagResponse uint32    = 0x82 // the card's signature
	TagAppProp  uint32    = 0x61 // application property template (SELECT)
	TagAppAID   uint32    = 0x4F
)

// Errors callers act on.
var (
	// ErrNotPIV means the card has no PIV application.
	ErrNotPIV = errors.New("piv: not a PIV card")
	// ErrNoCertificate means the slot holds no certificate.
	ErrNoCertificate = errors.New("piv: no certificate in the slot")
	// ErrMalformed means the card answered something PIV does not allow.
	ErrMalformed = errors.New("piv: malformed card response")
	// ErrWrongPIN means the PIN was refused; see PINError for tries left.
	ErrWrongPIN = errors.New("piv: wrong PIN")
	// ErrBlocked means the PIN is blocked: no tries left.
	ErrBlocked = errors.New("piv: PIN blocked")
	// ErrPINFormat means the PIN is not 6 to 8 digits; it never reaches the card.
	ErrPINFormat = errors.New("piv: a PIN is 6 to 8 digits")
)

// PINError is a refused PIN with the tries the card has left.
type PINError struct {
	Left int
}

func (e *PINError) Error() string { return fmt.Sprintf("piv: wrong PIN, %d tries left", e.Left) }

// Is makes a PINError match ErrWrongPIN.
func (e *PINError) Is(target error) bool { return target == ErrWrongPIN }
