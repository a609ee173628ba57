package config

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxTrustName is the longest Trust name, in characters.
const maxTrustName = 100

// smtpRetries checks the delivery timing keys.
func (p *problems) smtpRetries(s SMTP) {
	if d := s.Timeout.Duration; d < time.Second || d > 10*time.Minute {
		p.add("smtp.timeout", "must be between 1s and 10m (got %s)", s.Timeout)
	}
	p.intRange("smtp.max_attempts", s.MaxAttempts, 1, 100)
	if d := s.RetryBackoff.Duration; d < time.Second || d > 24*time.Hour {
		p.add("smtp.retry_backoff", "must be between 1s and 24h (got %s)", s.RetryBackoff)
	}
	switch d := s.RetryMax.Duration; {
	case d > 7*24*time.Hour:
		p.add("smtp.retry_max", "must be at most 168h (got %s)", s.RetryMax)
	case d < s.RetryBackoff.Duration:
		p.add("smtp.retry_max", "must not be less than smtp.retry_backoff (got %s, retry_backoff %s)",
			s.RetryMax, s.RetryBackoff)
	}
}

// trustNameProblem says what is wrong with a Trust name, or "". It goes
// into every email, so it must be one printable line.
func trustNameProblem(s string) string {
	switch {
	case !utf8.ValidString(s):
		return fmt.Sprintf("%q is not valid UTF-8", s)
	case utf8.RuneCountInString(s) > maxTrustName:
		return fmt.Sprintf("is %d characters long (at most %d)", utf8.RuneCountInString(s), maxTrustName)
	case strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return fmt.Sprintf("%q contains a character that cannot be printed", s)
	case s != "" && strings.TrimSpace(s) != s:
		return fmt.Sprintf("%q starts or ends with a space", s)
	}
	return ""
}
