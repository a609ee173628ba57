package mail

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/wardkiosk/kiosk/auth"
)

// A queued row that holds bidirectional or invisible characters (written
// before the account was cleaned, or into the file) mails none of them, in
// neither part nor the subject.
func TestComposeStripsInvisibleCharacters(t *testing.T) {
	from, _ := mail.ParseAddress("ESR Kiosk <no-reply@example.nhs.uk>")
	m := auth.Message{ID: 7, CreatedAt: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), To: "jane@example.nhs.uk",
		Subject: "Your code\u202e", Body: "Hello Ja\u200bne\u202e,\r\n\r\nYour code:\n\nK7Q2-M9XD-4TZP\u2066\n"}
	msg, err := compose(m, from, "Example Trust")
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := msg.WriteTo(&raw); err != nil {
		t.Fatal(err)
	}
	parsed, err := mail.ReadMessage(&raw)
	if err != nil {
		t.Fatal(err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := mime.ParseMediaType(parsed.Header.Get("Content-Type"))
	parts := map[string]string{"subject": subject}
	r := multipart.NewReader(parsed.Body, params["boundary"])
	for {
		p, err := r.NextPart() // undoes quoted-printable
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		parts[p.Header.Get("Content-Type")] = string(b)
	}
	if len(parts) != 3 {
		t.Fatalf("want a subject and two parts, got %q", parts)
	}
	for what, s := range parts {
		if i := strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }); i >= 0 {
			t.Errorf("the %s holds an invisible character at %d: %q", what, i, s)
		}
	}
	for what, s := range parts {
		if what != "subject" && !strings.Contains(s, "Hello Jane,") {
			t.Errorf("the %s lost the greeting: %q", what, s)
		}
	}
}
