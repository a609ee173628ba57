package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// Load returns the defaults, overlaid by the TOML file at path (none if path
// is ""), overlaid by KIOSK_* variables from lookupEnv (none if nil), and
// validated. A file named explicitly must exist; unknown keys are errors.
func Load(path string, lookupEnv func(string) (string, bool)) (Config, error) {
	c := Default()
	if path != "" {
		if err := decodeFile(path, &c); err != nil {
			return Config{}, err
		}
	}
	var errs []error
	if lookupEnv != nil {
		errs = applyEnv(&c, lookupEnv)
	}
	errs = append(errs, c.problems()...)
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return c, nil
}

// decodeFile reads path over c and refuses keys that c does not have.
func decodeFile(path string, c *Config) error {
	data, err := readBounded(path)
	if err != nil {
		return err
	}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		return fileError(path, err)
	}

	known := make(map[string]bool)
	for _, f := range fields(c) {
		known[f.path] = true
	}
	undecoded := make(map[string]bool)
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
	// The toml library also matches keys case-insensitively; the key names
	// are a contract (they name the env variables), so insist on exact ones.
	var errs []error
	var unknown []string
	for _, k := range md.Keys() {
		key := k.String()
		if known[key] && !undecoded[key] || inside(key, unknown) {
			continue
		}
		unknown = append(unknown, key)
		errs = append(errs, fmt.Errorf("config: %s: unknown key %q%s", path, key, suggest(key, known)))
	}
	return errors.Join(errs...)
}

// maxFileSize bounds the configuration file read: a real one is a few
// KiB, and a path such as /dev/zero must be an error, not all the memory.
const maxFileSize = 1 << 20

// readBounded reads path, refusing one larger than maxFileSize. It does not
// insist on a regular file, so that --config <(...) still works.
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("config: %s: larger than %d KiB, so not a kiosk configuration file", path, maxFileSize>>10)
	}
	return data, nil
}

// inside reports whether key lies in one of the tables already reported.
func inside(key string, tables []string) bool {
	for _, t := range tables {
		if strings.HasPrefix(key, t+".") {
			return true
		}
	}
	return false
}

// suggest returns ` (did you mean "x"?)` for the nearest known key, if any
// is close enough to be a likely typo.
func suggest(key string, known map[string]bool) string {
	best, bestDist := "", 3
	for k := range known {
		d := distance(strings.ToLower(key), k)
		if d < bestDist || d == bestDist && k < best {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, in bytes (keys are ASCII).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// fileError rewrites a toml error as "config: FILE:LINE: KEY: MESSAGE" when
// the library says where the problem is.
func fileError(path string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) && pe.Position.Line > 0 {
		if pe.LastKey != "" {
			return fmt.Errorf("config: %s:%d: %s: %s", path, pe.Position.Line, pe.LastKey, pe.Message)
		}
		return fmt.Errorf("config: %s:%d: %s", path, pe.Position.Line, pe.Message)
	}
	msg := strings.TrimPrefix(err.Error(), "toml: ")
	re := regexp.MustCompile(`^line (\d+) \(last key "([^"]*)"\): `)
	if m := re.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("config: %s:%s: %s: %s", path, m[1], m[2], msg[len(m[0]):])
	}
	return fmt.Errorf("config: %s: %s", path, msg)
}
