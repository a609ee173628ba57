package mail

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"

	"github.com/wardkiosk/kiosk/text"
)

// The HTML part is rendered from the queued plain text at send time, so
// the two alternatives always say the same and the HTML can hold nothing
// (no secret, no stray field) that the text, which maintainers see with
// `kiosk outbox show`, does not. The text templates put a code or a
// username on a line of its own after a line ending in a colon ("Your
// reset code is:"); here such a line becomes a box that is easy to read
// and copy.

// htmlTemplate is the one layout of every kiosk email. Styles are inline
// because many mail clients drop <style> blocks.
var htmlTemplate = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:0;background:#f0f4f5;font-family:Arial,Helvetica,sans-serif;color:#212b32;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f0f4f5;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;">
<tr><td style="background:#005eb8;color:#ffffff;padding:16px 24px;font-size:18px;font-weight:bold;">{{.Trust}}</td></tr>
<tr><td style="padding:24px;font-size:16px;line-height:1.5;">
<h1 style="font-size:22px;margin:0 0 16px 0;">{{.Subject}}</h1>
{{- range .Paragraphs}}
{{- if .Token}}
<p style="margin:0 0 16px 0;"><span style="display:inline-block;padding:8px 16px;border:2px solid #005eb8;font-family:'Courier New',Courier,monospace;font-size:24px;font-weight:bold;letter-spacing:2px;">{{.Token}}</span></p>
{{- else}}
<p style="margin:0 0 16px 0;">{{range .Parts}}{{if .URL}}<a href="{{.URL}}" style="color:#005eb8;">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{end}}</p>
{{- end}}
{{- end}}
</td></tr>
<tr><td style="padding:16px 24px;font-size:13px;color:#4c6272;border-top:1px solid #d8dde0;">{{.Footer}}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`))

// paragraph is one block of the text: a standing-out token, or text with links.
type paragraph struct {
	Token string
	Parts []part
}

// part is a run of text, a link when URL is set.
type part struct {
	Text, URL string
}

var urlRE = regexp.MustCompile(`https?://[^\s<>"]+[^\s<>".,;:!?)]`)

// renderHTML renders the HTML alternative of a plain-text email.
func renderHTML(subject, body, trust string) (string, error) {
	var ps []paragraph
	introduced := false // the previous paragraph ended with a colon
	for block := range strings.SplitSeq(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		block = strings.TrimSpace(block)
		if block == "" {
			continue
		}
		if introduced && !strings.ContainsAny(block, " \t\n") && len(block) <= 40 && !urlRE.MatchString(block) {
			ps = append(ps, paragraph{Token: block})
			introduced = false
			continue
		}
		ps = append(ps, paragraph{Parts: links(strings.Join(strings.Fields(block), " "))})
		introduced = strings.HasSuffix(block, ":")
	}
	var b strings.Builder
	// In English, as the text part is, until a message has a language
	// (issue 14); html/template escapes the catalogue's words too.
	err := htmlTemplate.Execute(&b, struct {
		Subject, Trust, Footer string
		Paragraphs             []paragraph
	}{subject, trust, text.For(text.English).T(text.EmailFooter), ps})
	if err != nil {
		return "", fmt.Errorf("mail: html: %w", err)
	}
	return b.String(), nil
}

// links splits a line into text and http(s) links.
func links(s string) []part {
	var out []part
	for {
		loc := urlRE.FindStringIndex(s)
		if loc == nil {
			if s != "" {
				out = append(out, part{Text: s})
			}
			return out
		}
		if loc[0] > 0 {
			out = append(out, part{Text: s[:loc[0]]})
		}
		u := s[loc[0]:loc[1]]
		out = append(out, part{Text: u, URL: u})
		s = s[loc[1]:]
	}
}
