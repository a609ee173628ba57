package theme

import (
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// FromEnv returns the named theme ("" is the default, "high-contrast" the
// other) drawn for the terminal an environment describes: glyphs from TERM
// and the locale (DetectGlyphs), and no colour where NO_COLOR is set to
// anything or the terminal takes none (TERM=dumb or unset). The kiosk
// passes its own environment, the console its SSH session's, so both pick
// the same look for the same terminal. Where a variable is set twice, the
// last setting wins.
func FromEnv(name string, environ []string) Theme {
	get := func(key string) string {
		v := ""
		for _, kv := range environ {
			if k, val, ok := strings.Cut(kv, "="); ok && k == key {
				v = val
			}
		}
		return v
	}
	glyphs := DetectGlyphs(get("TERM"), get("LC_ALL"), get("LC_CTYPE"), get("LANG"))
	noColor := get("NO_COLOR") != "" || colorprofile.Env(environ) <= colorprofile.ASCII
	return New(name, glyphs, noColor)
}
