// Package vcard is a virtual PIV smartcard for tests and demos, with a real
// key and certificate, that plugs into pcscd through the vsmartcard-vpcd
// reader driver.
//
// NEVER INSTALL vsmartcard-vpcd OR USE THIS PACKAGE ON A PRODUCTION KIOSK.
// vpcd listens on TCP port 35963 on every interface and turns whatever
// connects to it into a card in the reader; its key sits in a file. On a
// kiosk that is a card anyone on the network can insert.
//
// The protocol is vpcd's: the card is the TCP client of the driver, every
// frame is a 2-byte big-endian length and then the bytes; a 1-byte frame
// is a control (0 power off, 1 power on, 2 reset, 4 send the ATR), any
// other frame an APDU to answer. Removing the card is closing the
// connection; pcscd notices at its next poll.
package vcard
