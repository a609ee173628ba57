package config

import "fmt"

// keyError is one problem with one key, from the environment or from
// Validate; the message always names the key.
type keyError struct {
	key     string // dotted path, e.g. "smtp.port"
	env     string // the KIOSK_* variable, when the value came from there
	problem string
}

func (e *keyError) Error() string {
	if e.env != "" {
		return fmt.Sprintf("config: %s (%s): %s", e.env, e.key, e.problem)
	}
	return fmt.Sprintf("config: %s: %s", e.key, e.problem)
}
