package smartcard

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// The module's own deadline passing means it is stuck: card sign-in is
// not working. The caller's passing is the caller's.
func TestStuckError(t *testing.T) {
	stuck := fmt.Errorf("pkcs11: C_Sign: the module is still in an earlier Sign (for 10s): %w", context.DeadlineExceeded)
	if err := stuckError(context.Background(), stuck); !errors.Is(err, ErrDriver) {
		t.Errorf("module's deadline: %v", err)
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if err := stuckError(gone, stuck); errors.Is(err, ErrDriver) {
		t.Errorf("caller's deadline: %v", err)
	}
	if err := stuckError(context.Background(), ErrBlocked); err != ErrBlocked {
		t.Errorf("another error: %v", err)
	}
}
