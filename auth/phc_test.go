package auth

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// TestParsePHCLimits pins each limit a stored hash is held to: exactly at
// the limit is accepted, one past it refused, so that a hash in the
// database cannot make a verify cost what it likes.
func TestParsePHCLimits(t *testing.T) {
	b64 := base64.RawStdEncoding
	phcOf := func(m, tc, p, salt, key int) string {
		return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", m, tc, p,
			b64.EncodeToString([]byte(strings.Repeat("s", salt))), b64.EncodeToString([]byte(strings.Repeat("k", key))))
	}
	for _, tt := range []struct {
		name string
		s    string
		ok   bool
	}{
		{"threads 255", phcOf(64, 1, 255, 16, 32), true},
		{"threads 256", phcOf(64, 1, 256, 16, 32), false},
		{"memory 4 GiB", phcOf(4<<20, 1, 1, 16, 32), true},
		{"memory past 4 GiB", phcOf(4<<20+1, 1, 1, 16, 32), false},
		{"time 64", phcOf(64, 64, 1, 16, 32), true},
		{"time 65", phcOf(64, 65, 1, 16, 32), false},
		{"salt 8 bytes", phcOf(64, 1, 1, 8, 32), true},
		{"salt 7 bytes", phcOf(64, 1, 1, 7, 32), false},
		{"key 16 bytes", phcOf(64, 1, 1, 16, 16), true},
		{"key 15 bytes", phcOf(64, 1, 1, 16, 15), false},
		{"key 64 bytes", phcOf(64, 1, 1, 16, 64), true},
		{"key 65 bytes", phcOf(64, 1, 1, 16, 65), false},
	} {
		if _, err := parsePHC(tt.s); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
