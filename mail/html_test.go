package mail

import (
	"strings"
	"testing"
)

func TestRenderHTML(t *testing.T) {
	text := "Hello <Jane>,\n\nYour reset code is:\n\nK7Q2-M9XD-4TZP\n\nYou can also reset it here:\nhttps://kiosk.example.nhs.uk/reset.\n\n" +
		"Not a link: javascript:alert(1) <script>alert(1)</script>\n\nExample & Valley NHS Trust\n\nLone-Word\n"
	html, err := renderHTML("Your ESR password reset code", text, "Example & Valley NHS Trust")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<title>Your ESR password reset code</title>`,
		`Hello &lt;Jane&gt;,`,
		`letter-spacing:2px;">K7Q2-M9XD-4TZP</span>`, // the code stands out
		`<a href="https://kiosk.example.nhs.uk/reset" style="color:#005eb8;">https://kiosk.example.nhs.uk/reset</a>.`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`Example &amp; Valley NHS Trust`,
		`lang="en-GB"`,
		`This email was sent automatically by the ESR kiosk. Please do not reply to it.</td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s\n%s", want, html)
		}
	}
	if strings.Contains(html, "2px;\">Lone-Word") {
		t.Errorf("a word not introduced by a colon is boxed:\n%s", html)
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, `href="javascript`) {
		t.Errorf("unescaped input:\n%s", html)
	}
}

func TestLinks(t *testing.T) {
	got := links("see http://a.example/x?y=1, then https://b.example")
	if len(got) != 4 || got[1].URL != "http://a.example/x?y=1" || got[2].Text != ", then " || got[3].URL != "https://b.example" {
		t.Fatalf("%+v", got)
	}
}

// FuzzRenderHTML: whatever the queued text holds (names come from staff
// records), the HTML part carries no markup of its own.
func FuzzRenderHTML(f *testing.F) {
	f.Add("Hello Jane,\n\nK7Q2-M9XD-4TZP\n\nhttps://x.example/r\n")
	f.Add("<img src=x onerror=alert(1)>\n\n\"><script>")
	f.Fuzz(func(t *testing.T, text string) {
		html, err := renderHTML("s", text, "t")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html, "<script") || strings.Contains(html, "<img") {
			t.Fatalf("markup from the text survived:\n%s", html)
		}
	})
}
