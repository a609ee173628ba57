package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2 holds argon2id parameters.
type Argon2 struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	SaltLen int
	KeyLen  uint32
}

// DefaultArgon2 is OWASP's argon2id minimum: m=19 MiB, t=2, p=1.
var DefaultArgon2 = Argon2{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// errBadHash is returned for a stored hash that is not a PHC argon2id string.
var errBadHash = errors.New("auth: malformed password hash")

// hash returns the PHC string of password under p with a fresh salt.
func (p Argon2) hash(rand io.Reader, password string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// phc is a parsed argon2id PHC string.
type phc struct {
	params Argon2
	salt   []byte
	key    []byte
}

// parsePHC parses "$argon2id$v=19$m=..,t=..,p=..$salt$key" strictly.
func parsePHC(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return phc{}, errBadHash
	}
	var m, t, p uint64
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return phc{}, errBadHash
	}
	for i, want := range []string{"m=", "t=", "p="} {
		v, ok := strings.CutPrefix(fields[i], want)
		if !ok {
			return phc{}, errBadHash
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return phc{}, errBadHash
		}
		switch i {
		case 0:
			m = n
		case 1:
			t = n
		case 2:
			p = n
		}
	}
	if p > 255 || m > 4<<20 || t > 64 {
		return phc{}, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return phc{}, errBadHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return phc{}, errBadHash
	}
	return phc{
		params: Argon2{Memory: uint32(m), Time: uint32(t), Threads: uint8(p), SaltLen: len(salt), KeyLen: uint32(len(key))},
		salt:   salt, key: key,
	}, nil
}

// verify reports whether password matches the PHC string, in constant time,
// and whether the hash's parameters differ from want (so it needs upgrading).
func verify(encoded, password string, want Argon2) (ok, stale bool, err error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	key := argon2.IDKey([]byte(password), h.salt, h.params.Time, h.params.Memory, h.params.Threads, h.params.KeyLen)
	ok = subtle.ConstantTimeCompare(key, h.key) == 1
	stale = h.params.Memory != want.Memory || h.params.Time != want.Time ||
		h.params.Threads != want.Threads || h.params.KeyLen != want.KeyLen || h.params.SaltLen != want.SaltLen
	return ok, stale, nil
}

// HashPassword derives the argon2id PHC string of a password, prepared as
// sign-in prepares it, under p with a fresh salt from rand: a client
// kiosk's own offline verifier (DESIGN §10), never the service's hash.
func HashPassword(rand io.Reader, p Argon2, password string) (string, error) {
	return p.hash(rand, normalizePassword(password))
}

// VerifyPassword reports, in constant time, whether a typed password
// matches a PHC string HashPassword made; it costs what a sign-in's
// verify costs.
func VerifyPassword(encoded, typed string) (bool, error) {
	ok, _, err := verifyPassword(encoded, typed, DefaultArgon2)
	return ok, err
}
