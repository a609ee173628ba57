package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
)

// crockford is Crockford's base32 alphabet: no I, L, O or U to misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// codeLen is the number of characters in a reset code: 12 x 5 = 60 bits.
const codeLen = 12

// newCode returns a fresh reset code like "K7Q2-M9XD-4TZP" from rand.
func newCode(rand io.Reader) (string, error) {
	// 60 bits from 8 random bytes: each character takes 5 bits.
	var b [8]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return "", fmt.Errorf("auth: reset code: %w", err)
	}
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	var sb strings.Builder
	for i := range codeLen {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(crockford[n&31])
		n >>= 5
	}
	return sb.String(), nil
}

// NormalizeCode reads a typed reset code as Crockford base32 does: any case,
// hyphens and spaces ignored, I and L as 1, O as 0. It returns "" when the
// input cannot be a code.
func NormalizeCode(typed string) string {
	var sb strings.Builder
	for _, r := range typed {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'I', 'L':
			r = '1'
		case 'O':
			r = '0'
		}
		if !strings.ContainsRune(crockford, r) {
			return ""
		}
		sb.WriteRune(r)
		if sb.Len() > codeLen {
			return ""
		}
	}
	if sb.Len() != codeLen {
		return ""
	}
	return sb.String()
}

// codeHash is the keyed hash under which a normalised code is stored.
func codeHash(key []byte, normalized string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(normalized))
	return m.Sum(nil)
}
