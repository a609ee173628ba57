// Package pkcs11 signs a sign-in challenge with a smartcard through the
// card vendor's PKCS#11 module (DESIGN §6, "Any Trust card"), over
// github.com/miekg/pkcs11.
//
// A Module is one loaded and initialised library. Load refuses a module
// file that anyone but root could have written (it loads code into the
// kiosk) and first tries it in a child process, so a module that crashes
// or hangs in C_Initialize costs a clear error, not the kiosk: every
// program that calls Load must call ServeProbe first thing in main (and
// every test binary in TestMain).
//
// The token is picked by the PC/SC reader its card sits in: OpenSC and
// most vendors' modules name the slot after the reader. Every string a
// module returns (descriptions, labels, the certificate's names) is
// outside input: callers sanitise it before drawing it.
package pkcs11
