// Command genconfusables writes the password policy's table of look-alike
// letters (auth/policy/confusables_table.go): every character of another
// script that Unicode's confusables data (TS #39) gives a Latin letter or a
// digit as its skeleton, so that "Londοn" with a Greek omicron folds to
// "london". Only those entries are kept: the word lists hold a to z, and
// the full table (about 6,000 entries, "m" read as "rn" among them) would
// turn ordinary Latin words into others.
//
// The source is Unicode's confusables.txt (-txt FILE) when one is at hand;
// otherwise the table embedded in the Go module github.com/mtibben/confusables,
// fetched with go mod download (that module is not maintained, so the
// policy does not import it: it is only read here). Maintainers run it by
// hand; the build never does, and its output is committed.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// module is the Go module whose embedded table is read when no -txt is
// given: its tables.go is confusables.txt 13.0.0 as a Go map.
const module = "github.com/mtibben/confusables@v0.0.0-20210201002637-9d1b0723b659"

func main() {
	log.SetFlags(0)
	log.SetPrefix("genconfusables: ")
	txt := flag.String("txt", "", "Unicode's confusables.txt (default: read the table of the Go module "+module+")")
	out := flag.String("out", "auth/policy/confusables_table.go", "the Go file to write")
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	var (
		m      map[rune]string
		source string
		err    error
	)
	if *txt != "" {
		m, source, err = readTxt(*txt)
	} else {
		m, source, err = readModule()
	}
	if err != nil {
		log.Fatal(err)
	}
	src, err := render(latin(m), source)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// readTxt parses confusables.txt: "0441 ;\t0063 ;\tMA\t# ..." lines.
func readTxt(path string) (map[rune]string, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	return parseTxt(f, "Unicode confusables.txt")
}

func parseTxt(r io.Reader, source string) (map[rune]string, string, error) {
	m := map[rune]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimPrefix(sc.Text(), "\ufeff")
		if v, ok := strings.CutPrefix(line, "# Version: "); ok {
			source += " " + strings.TrimSpace(v)
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, ";")
		if len(f) < 2 {
			return nil, "", fmt.Errorf("line %d: %q is not source ; target ; type", n, line)
		}
		from, err := codePoints(f[0])
		if err != nil || len(from) != 1 {
			return nil, "", fmt.Errorf("line %d: source %q: want one code point", n, f[0])
		}
		to, err := codePoints(f[1])
		if err != nil {
			return nil, "", fmt.Errorf("line %d: %w", n, err)
		}
		m[from[0]] = string(to)
	}
	return m, source, sc.Err()
}

func codePoints(s string) ([]rune, error) {
	var out []rune
	for _, h := range strings.Fields(s) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return nil, fmt.Errorf("code point %q: %w", h, err)
		}
		out = append(out, rune(v))
	}
	return out, nil
}

// readModule reads the map literal in the module's tables.go.
func readModule() (map[rune]string, string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module)
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, "", fmt.Errorf("go mod download %s: %w", module, err)
	}
	var info struct{ Dir string }
	if err := json.Unmarshal(b, &info); err != nil || info.Dir == "" {
		return nil, "", fmt.Errorf("go mod download %s: no directory in %s", module, b)
	}
	return parseTables(filepath.Join(info.Dir, "tables.go"))
}

func parseTables(path string) (map[rune]string, string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return nil, "", err
	}
	source := "Unicode confusables.txt, as embedded in " + module
	for _, c := range f.Comments {
		for _, l := range c.List {
			if v, ok := strings.CutPrefix(l.Text, "// Version: "); ok {
				source = "Unicode confusables.txt " + strings.TrimSpace(v) + ", as embedded in " + module
			}
		}
	}
	m := map[rune]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		k, ok1 := kv.Key.(*ast.BasicLit)
		v, ok2 := kv.Value.(*ast.BasicLit)
		if !ok1 || !ok2 || v.Kind != token.STRING {
			return true
		}
		key, err1 := strconv.ParseUint(k.Value, 0, 32)
		val, err2 := strconv.Unquote(v.Value)
		if err1 == nil && err2 == nil {
			m[rune(key)] = val
		}
		return false
	})
	if len(m) < 1000 {
		return nil, "", fmt.Errorf("%s: found only %d entries", path, len(m))
	}
	return m, source, nil
}

// entry is one look-alike and the lower-case letters or digits it reads as.
type entry struct {
	r  rune
	to string
}

// latin keeps the entries the policy needs: a character outside ASCII that
// survives NFKD (so the fold meets it), is not a combining mark, and whose
// skeleton folds to letters a to z or digits that NFKD alone would not give.
// A capital whose skeleton is "l" is an I (Greek Ι, Cyrillic І): TS #39
// takes "l" as the prototype of I, and in a password it stands for i.
func latin(m map[rune]string) []entry {
	var out []entry
	for r, to := range m {
		if r < 0x80 || unicode.Is(unicode.Mn, r) || norm.NFKD.String(string(r)) != string(r) {
			continue
		}
		t := plainFold(norm.NFD.String(to))
		if t == "" || strings.ContainsFunc(t, func(c rune) bool { return (c < 'a' || c > 'z') && (c < '0' || c > '9') }) {
			continue
		}
		if to == "l" && unicode.IsUpper(r) {
			t = "i"
		}
		if t == plainFold(string(r)) {
			continue
		}
		out = append(out, entry{r, t})
	}
	slices.SortFunc(out, func(a, b entry) int { return int(a.r - b.r) })
	return out
}

// plainFold is the policy's fold without the table: NFKD, marks dropped,
// lower case.
func plainFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func render(es []entry, source string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./tools/genconfusables; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package policy\n\n")
	fmt.Fprintf(&b, "// confusables maps look-alike characters of other scripts to the\n")
	fmt.Fprintf(&b, "// letters a to z or digits they read as, sorted by rune: %d entries\n", len(es))
	fmt.Fprintf(&b, "// from %s.\n", source)
	fmt.Fprintf(&b, "// Unicode data: Copyright © Unicode, Inc., under the Unicode License\n")
	fmt.Fprintf(&b, "// (https://www.unicode.org/license.txt).\n")
	fmt.Fprintf(&b, "var confusables = [...]confusable{\n")
	for _, e := range es {
		fmt.Fprintf(&b, "\t{0x%04X, %q}, // %s\n", e.r, e.to, name(e.r))
	}
	fmt.Fprintf(&b, "}\n")
	return format.Source(b.Bytes())
}

// name shows the character in a comment when it prints.
func name(r rune) string {
	if unicode.IsPrint(r) && !unicode.Is(unicode.M, r) {
		return string(r)
	}
	return fmt.Sprintf("U+%04X", r)
}
