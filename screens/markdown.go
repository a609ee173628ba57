package screens

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/ui/theme"
)

// The portal's guides are Markdown, drawn by this small renderer rather than
// a full one: a Markdown library would add start-up time and a dependency
// for four short documents. It knows the subset the guides use:
//
//	# Heading, ## Heading (any level)   paragraphs (lines joined, re-wrapped)
//	- item, * item, + item              1. item, 2) item
//	**bold**, `code`                    indented lines continue a list item
//
// Anything else is drawn as the text it is.

// mdKind is how a run of inline text is drawn.
type mdKind int

const (
	mdText mdKind = iota
	mdStrong
	mdCode
	mdHeading1
	mdHeading
)

// mdSpan is a run of text drawn one way.
type mdSpan struct {
	text string
	kind mdKind
}

// mdBlock is a heading, a paragraph or one list item.
type mdBlock struct {
	kind   mdBlockKind
	level  int    // heading level
	marker string // list item marker as written: "-" or "3."
	text   string // the block's lines joined by spaces
}

type mdBlockKind int

const (
	mdPara mdBlockKind = iota
	mdHead
	mdBullet
	mdNumbered
)

// renderMarkdown draws src as lines no wider than width, styled by t.
func renderMarkdown(src string, width int, t theme.Theme) []string {
	width = max(width, 8)
	r := mdRenderer{t: t, width: width}
	blocks := parseMarkdown(src)
	markers := markerWidths(blocks)
	for i, b := range blocks {
		// A blank line between blocks, except between items of one list.
		if i > 0 && !(isListItem(b) && b.kind == blocks[i-1].kind) {
			r.lines = append(r.lines, "")
		}
		switch b.kind {
		case mdHead:
			kind := mdHeading
			if b.level == 1 {
				kind = mdHeading1
			}
			r.wrap([]mdSpan{{text: b.text, kind: kind}}, "", "")
		case mdBullet:
			first := "  " + t.Bullet + " "
			r.wrap(parseInline(b.text), first, strings.Repeat(" ", ansi.StringWidth(first)))
		case mdNumbered:
			// Numbers right-aligned, so the items' text lines up.
			pad := strings.Repeat(" ", markers[i]-len(b.marker))
			r.wrap(parseInline(b.text), " "+pad+b.marker+" ", strings.Repeat(" ", markers[i]+2))
		default:
			r.wrap(parseInline(b.text), "", "")
		}
	}
	return r.lines
}

// markerWidths gives each numbered item the width of the widest marker
// in its list.
func markerWidths(blocks []mdBlock) []int {
	widths := make([]int, len(blocks))
	for i := 0; i < len(blocks); {
		j, w := i, 0
		for ; j < len(blocks) && blocks[j].kind == mdNumbered; j++ {
			w = max(w, len(blocks[j].marker))
		}
		for k := i; k < j; k++ {
			widths[k] = w
		}
		i = max(j, i+1)
	}
	return widths
}

func isListItem(b mdBlock) bool { return b.kind == mdBullet || b.kind == mdNumbered }

// parseMarkdown splits src into blocks.
func parseMarkdown(src string) []mdBlock {
	var blocks []mdBlock
	open := false // the last block takes more lines
	for raw := range strings.Lines(src) {
		line := strings.TrimRight(sanitize.Line(strings.TrimRight(raw, "\r\n")), " ")
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" {
			open = false
			continue
		}
		if level, text, ok := heading(trimmed); ok {
			blocks = append(blocks, mdBlock{kind: mdHead, level: level, text: text})
			open = false
			continue
		}
		indented := len(line)-len(trimmed) >= 2
		if marker, text, kind, ok := listItem(trimmed); ok && !(indented && open && isItem(blocks)) {
			blocks = append(blocks, mdBlock{kind: kind, marker: marker, text: text})
			open = true
			continue
		}
		// A line after a paragraph or an item continues it; so does an
		// indented line after a blank inside a list item.
		if n := len(blocks); n > 0 && (open || (indented && isItem(blocks))) && blocks[n-1].kind != mdHead {
			blocks[n-1].text += " " + trimmed
			open = true
			continue
		}
		blocks = append(blocks, mdBlock{kind: mdPara, text: trimmed})
		open = true
	}
	return blocks
}

// isItem reports whether the last block is a list item.
func isItem(blocks []mdBlock) bool { return len(blocks) > 0 && isListItem(blocks[len(blocks)-1]) }

// heading parses "## Text".
func heading(s string) (level int, text string, ok bool) {
	for level < len(s) && s[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || level == len(s) || s[level] != ' ' {
		return 0, "", false
	}
	return level, strings.TrimSpace(strings.TrimRight(s[level:], "#")), true
}

// listItem parses "- text" and "12. text".
func listItem(s string) (marker, text string, kind mdBlockKind, ok bool) {
	if len(s) >= 2 && strings.ContainsRune("-*+", rune(s[0])) && s[1] == ' ' {
		return s[:1], strings.TrimSpace(s[2:]), mdBullet, true
	}
	n := 0
	for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(s) && (s[n] == '.' || s[n] == ')') && s[n+1] == ' ' {
		return s[:n+1], strings.TrimSpace(s[n+2:]), mdNumbered, true
	}
	return "", "", 0, false
}

// parseInline splits text at **bold** and `code` spans; a marker without
// its closing pair is text.
func parseInline(s string) []mdSpan {
	var spans []mdSpan
	plain := 0 // start of the text not yet in spans
	for i := 0; i < len(s); {
		delim, kind := "", mdText
		switch {
		case strings.HasPrefix(s[i:], "**"):
			delim, kind = "**", mdStrong
		case s[i] == '`':
			delim, kind = "`", mdCode
		default:
			i++
			continue
		}
		end := strings.Index(s[i+len(delim):], delim)
		if end <= 0 {
			i += len(delim)
			continue
		}
		if i > plain {
			spans = append(spans, mdSpan{text: s[plain:i]})
		}
		start := i + len(delim)
		spans = append(spans, mdSpan{text: s[start : start+end], kind: kind})
		i = start + end + len(delim)
		plain = i
	}
	if plain < len(s) {
		spans = append(spans, mdSpan{text: s[plain:]})
	}
	return spans
}

// mdRenderer wraps spans into styled lines.
type mdRenderer struct {
	t     theme.Theme
	width int
	lines []string
}

// mdWord is what wrapping never splits: text between spaces, possibly in
// several styles ("**Enter**." is one word).
type mdWord struct {
	parts []mdSpan
	width int
}

// wrap word-wraps spans to the width, the first line after first and the
// rest after indent (both the same width).
func (r *mdRenderer) wrap(spans []mdSpan, first, indent string) {
	if ansi.StringWidth(indent) > r.width/2 {
		// A marker too wide for a hanging indent becomes the first word.
		spans = append([]mdSpan{{text: strings.TrimSpace(first) + " "}}, spans...)
		first, indent = "", ""
	}
	avail := max(1, r.width-ansi.StringWidth(indent))
	prefix := first
	var line []mdSpan // the words so far, with the spaces between them
	used := 0
	flush := func() {
		r.lines = append(r.lines, prefix+r.style(line))
		prefix, line, used = indent, nil, 0
	}
	for _, w := range words(spans) {
		for _, piece := range w.fit(avail) {
			if used > 0 && used+1+piece.width > avail {
				flush()
			}
			if used > 0 {
				// A space inside a run takes its style (an underlined
				// heading stays unbroken); one between runs is plain.
				kind := piece.parts[0].kind
				if line[len(line)-1].kind != kind {
					kind = mdText
				}
				line = append(line, mdSpan{text: " ", kind: kind})
				used++
			}
			line = append(line, piece.parts...)
			used += piece.width
		}
	}
	if used > 0 || prefix == first {
		flush()
	}
}

// style draws a line's spans, one Render a run of one kind: lipgloss is
// the costly part, and most lines are a single run.
func (r *mdRenderer) style(spans []mdSpan) string {
	var sb strings.Builder
	for i := 0; i < len(spans); {
		j := i
		var run strings.Builder
		for ; j < len(spans) && spans[j].kind == spans[i].kind; j++ {
			run.WriteString(spans[j].text)
		}
		sb.WriteString(r.styleOf(spans[i].kind).Render(run.String()))
		i = j
	}
	return sb.String()
}

func (r *mdRenderer) styleOf(k mdKind) lipgloss.Style {
	switch k {
	case mdStrong:
		return r.t.Subtitle
	case mdCode:
		return r.t.HelpKey
	case mdHeading1:
		return r.t.Title
	case mdHeading:
		return r.t.Subtitle
	}
	return r.t.Text
}

// words splits spans at spaces.
func words(spans []mdSpan) []mdWord {
	var out []mdWord
	var cur mdWord
	flush := func() {
		if len(cur.parts) > 0 {
			out = append(out, cur)
		}
		cur = mdWord{}
	}
	for _, sp := range spans {
		parts := strings.Split(sp.text, " ")
		for i, f := range parts {
			if i > 0 {
				flush()
			}
			if f != "" {
				cur.parts = append(cur.parts, mdSpan{text: f, kind: sp.kind})
				cur.width += ansi.StringWidth(f)
			}
		}
	}
	flush()
	return out
}

// fit returns the word cut into pieces no wider than width: only a word
// longer than a line is cut.
func (w mdWord) fit(width int) []mdWord {
	if w.width <= width {
		return []mdWord{w}
	}
	var out []mdWord
	var cur mdWord
	for _, p := range w.parts {
		text := p.text
		for text != "" {
			room := width - cur.width
			head := ansi.Truncate(text, room, "")
			if head == "" && cur.width == 0 {
				// A character wider than the line: take it anyway.
				rs := []rune(text)
				head = string(rs[0])
			}
			if head != "" {
				cur.parts = append(cur.parts, mdSpan{text: head, kind: p.kind})
				cur.width += ansi.StringWidth(head)
				text = text[len(head):]
			}
			if text != "" {
				out = append(out, cur)
				cur = mdWord{}
			}
		}
	}
	if len(cur.parts) > 0 {
		out = append(out, cur)
	}
	return out
}
