package auth

import "regexp"

// codePattern finds anything shaped like a reset code (three groups of
// four letters or digits joined by hyphens, any case) as a word of its
// own. It is deliberately wider than the Crockford alphabet: a false
// positive hides a harmless word, a miss would show a live code.
var codePattern = regexp.MustCompile(`(?i)\b[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}\b`)

// CodeRedacted stands in for a reset code that must not be shown.
const CodeRedacted = "[reset code hidden]"

// RedactCodes replaces every reset code in an email body, so maintainers
// can read queued mail without seeing the codes in it.
func RedactCodes(body string) string {
	return codePattern.ReplaceAllLiteralString(body, CodeRedacted)
}
