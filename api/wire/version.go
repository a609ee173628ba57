package wire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"connectrpc.com/connect"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
)

// The kiosk API's version. A kiosk sends the version it speaks in
// APIVersionHeader with every call; the service answers with its own in
// the same header. The service accepts its own version and the one
// before, so that during an upgrade in rings (the service first, then the
// wards' kiosks) a kiosk one release behind keeps working; anything
// older, or newer than the service, is refused with ReasonVersion.
//
// Bump APIVersion when a change to the API would break a kiosk of the
// previous version if the service did not keep answering it the old way
// (a field's meaning changed, a call removed); adding a field or a call
// an old kiosk never uses is not such a change.
const (
	APIVersionHeader = "Kiosk-Api-Version"
	APIVersion       = 2
	MinAPIVersion    = APIVersion - 1
)

// ReasonVersion: the service does not speak the kiosk's API version.
const ReasonVersion = "api.version"

// ErrAPIVersion is a refusal for the kiosk's API version: the kiosk or
// the service must be upgraded.
var ErrAPIVersion = errors.New("the service does not accept this kiosk's API version")

// ParseAPIVersion is the version a request's APIVersionHeader names. A
// kiosk from before the header was sent spoke version 1.
func ParseAPIVersion(h string) (int, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 1, nil
	}
	v, err := strconv.Atoi(h)
	if err != nil || v < 0 || len(h) > 6 {
		return 0, fmt.Errorf("%s is not a version number", APIVersionHeader)
	}
	return v, nil
}

// CheckAPIVersion is nil for a header the service accepts, else the
// Connect error it answers, which says what to upgrade.
func CheckAPIVersion(h string) *connect.Error {
	v, err := ParseAPIVersion(h)
	var why string
	switch {
	case err != nil:
		why = err.Error()
	case v < MinAPIVersion:
		why = fmt.Sprintf("kiosk API version %d is too old: this service accepts %d and %d; upgrade the kiosk",
			v, MinAPIVersion, APIVersion)
	case v > APIVersion:
		why = fmt.Sprintf("kiosk API version %d is newer than this service's %d; upgrade the service first",
			v, APIVersion)
	default:
		return nil
	}
	ce := connect.NewError(connect.CodeFailedPrecondition, errors.New(why))
	if det, err := connect.NewErrorDetail(&kioskv1.ErrorDetail{Reason: ReasonVersion}); err == nil {
		ce.AddDetail(det)
	}
	return ce
}
