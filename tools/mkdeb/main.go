// Command mkdeb builds Ward Kiosk's Debian packages (make deb): the
// terminal's, ward-kiosk, and the Trust-wide service's, ward-kiosk-server,
// from packaging/*.yaml with the nfpm library, pinned in go.mod like every
// other dependency. It builds the kiosk binary once, stamped with the
// version, and writes dist/<name>_<version>_amd64.deb.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	"github.com/goreleaser/nfpm/v2/deb"
)

// Packages are the nfpm specifications make deb builds, under packaging/.
var Packages = []string{"ward-kiosk.yaml", "ward-kiosk-server.yaml"}

func main() {
	root := flag.String("root", ".", "the repository's root")
	out := flag.String("out", "dist", "where the packages go")
	version := flag.String("version", "", "the packages' version (default: from git)")
	flag.Parse()
	paths, err := Build(context.Background(), Options{Root: *root, Out: *out, Version: *version})
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkdeb: %v\n", err)
		os.Exit(1)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mkdeb: %v\n", err)
			os.Exit(1)
		}
		fmt.Printf("%s %d KiB\n", p, st.Size()/1024)
	}
}

// Options say what Build builds, and where.
type Options struct {
	// Root is the repository's root: packaging/, config/, docs/ and
	// cmd/kiosk are found under it.
	Root string
	// Out is the directory the packages are written to.
	Out string
	// Version is the packages' version; empty means Version(Root).
	Version string
	// Time is every file's time in the packages and the changelog's
	// date; zero means SourceTime(Root).
	Time time.Time
}

// Build builds the kiosk binary and every package in Packages, and
// returns the packages' paths.
func Build(ctx context.Context, o Options) ([]string, error) {
	root, err := filepath.Abs(o.Root)
	if err != nil {
		return nil, err
	}
	if o.Version == "" {
		if o.Version, err = Version(ctx, root); err != nil {
			return nil, err
		}
	}
	if o.Time.IsZero() {
		o.Time = SourceTime(ctx, root)
	}
	if !ValidVersion(o.Version) {
		return nil, fmt.Errorf("version %q is not a valid Debian version", o.Version)
	}
	work, err := os.MkdirTemp("", "mkdeb-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "kiosk")
	if err := buildBinary(ctx, root, bin, o.Version); err != nil {
		return nil, err
	}
	if err := writeDocs(root, work, o.Version, o.Time); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	// Older builds go: dist/ holds this version's pair only, so that
	// `apt-get install ./dist/ward-kiosk_*.deb` finds one package.
	for _, name := range []string{"ward-kiosk", "ward-kiosk-server"} {
		old, _ := filepath.Glob(filepath.Join(o.Out, name+"_*_amd64.deb"))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				return nil, err
			}
		}
	}
	env := map[string]string{"VERSION": o.Version, "KIOSK_BIN": bin, "DOC": work}
	var paths []string
	for _, spec := range Packages {
		p, err := pack(root, filepath.Join(root, "packaging", spec), env, o.Time, o.Out)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", spec, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// buildBinary builds cmd/kiosk as a position-independent executable,
// stripped, with the version stamped in; cgo stays on for SQLite (built
// in) and PC/SC (libpcsclite, a dependency of both packages).
func buildBinary(ctx context.Context, root, bin, version string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildmode=pie",
		"-ldflags", "-s -w -X main.version="+version, "-o", bin, "./cmd/kiosk")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOOS=linux", "GOARCH=amd64",
		"CGO_CFLAGS=-O2 -g0 -D_FORTIFY_SOURCE=2 -fstack-protector-strong",
		"CGO_LDFLAGS=-Wl,-z,relro -Wl,-z,now")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	return nil
}

// pack builds one package from its nfpm specification; ${VERSION},
// ${KIOSK_BIN} and ${DOC} in it come from env, and relative sources are
// taken from the repository's root.
func pack(root, spec string, env map[string]string, mtime time.Time, out string) (string, error) {
	cfg, err := nfpm.ParseFileWithEnvMapping(spec, func(k string) string { return env[k] })
	if err != nil {
		return "", err
	}
	info, err := cfg.Get("deb")
	if err != nil {
		return "", err
	}
	for _, c := range info.Contents {
		if c.Source != "" && !filepath.IsAbs(c.Source) {
			c.Source = filepath.Join(root, c.Source)
		}
	}
	s := &info.Scripts
	for _, p := range []*string{&s.PreInstall, &s.PostInstall, &s.PreRemove, &s.PostRemove} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(root, *p)
		}
	}
	// Every file carries the source's time, not the build's: the same
	// commit makes the same package.
	info.MTime = mtime
	info = nfpm.WithDefaults(info)
	if err := nfpm.PrepareForPackager(info, "deb"); err != nil {
		return "", err
	}
	path := filepath.Join(out, deb.Default.ConventionalFileName(info))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := deb.Default.Package(info, f); err != nil {
		f.Close()
		os.Remove(path)
		return "", err
	}
	return path, f.Close()
}

// writeDocs writes what both packages carry in /usr/share/doc, gzipped
// as Debian wants it: the deployment guide, and a changelog whose one
// entry names this version and its commit.
func writeDocs(root, dir, version string, when time.Time) error {
	guide, err := os.ReadFile(filepath.Join(root, "docs", "deploy.md"))
	if err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(dir, "deploy.md.gz"), guide); err != nil {
		return err
	}
	changelog := fmt.Sprintf("ward-kiosk (%s) unstable; urgency=medium\n\n"+
		"  * Built with make deb; see the project's history for the changes.\n\n"+
		" -- Ward Kiosk maintainers <ward-kiosk@example.nhs.uk>  %s\n",
		version, when.Format(time.RFC1123Z))
	return writeGzip(filepath.Join(dir, "changelog.gz"), []byte(changelog))
}

// writeGzip writes data gzipped at the best compression, with no name or
// time in the header, so the same input gives the same bytes.
func writeGzip(path string, data []byte) error {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// SourceTime is the time the packages' files carry: SOURCE_DATE_EPOCH
// when set (Debian's reproducible builds), else the commit's time, else
// now (no git).
func SourceTime(ctx context.Context, root string) time.Time {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		cmd := exec.CommandContext(ctx, "git", "log", "-1", "--format=%ct")
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			return time.Now().UTC().Truncate(time.Second)
		}
		s = strings.TrimSpace(string(out))
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Now().UTC().Truncate(time.Second)
	}
	return time.Unix(sec, 0).UTC()
}

// Version is the packages' version from git: a tag vX.Y.Z gives X.Y.Z,
// commits after it X.Y.Z+git<N>.<sha>, and with no tag at all
// 0.0~git<commit date>.<sha>, which sorts before any tagged release.
func Version(ctx context.Context, root string) (string, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = root
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return strings.TrimSpace(string(out)), nil
	}
	if d, err := git("describe", "--tags", "--long", "--match", "v[0-9]*"); err == nil {
		return fromDescribe(d)
	}
	line, err := git("log", "-1", "--format=%cd %h", "--date=format:%Y%m%d", "--abbrev=7")
	if err != nil {
		return "", err
	}
	date, sha, ok := strings.Cut(line, " ")
	if !ok {
		return "", fmt.Errorf("git log: unexpected %q", line)
	}
	return "0.0~git" + date + "." + sha, nil
}

var describeRE = regexp.MustCompile(`^v([0-9][0-9A-Za-z.+~]*?)(?:-([0-9A-Za-z.]+))?-([0-9]+)-g([0-9a-f]+)$`)

// fromDescribe turns `git describe --long` output (v1.2.3-0-gabc1234,
// v1.2.3-rc1-4-gabc1234) into a Debian version: a pre-release sorts
// before its release (1.2.3~rc1), commits after a tag after it.
func fromDescribe(d string) (string, error) {
	m := describeRE.FindStringSubmatch(d)
	if m == nil {
		return "", fmt.Errorf("git describe: cannot make a version of %q", d)
	}
	v := m[1]
	if m[2] != "" {
		v += "~" + m[2]
	}
	if m[3] != "0" {
		v += "+git" + m[3] + "." + m[4]
	}
	return v, nil
}

var versionRE = regexp.MustCompile(`^[0-9][A-Za-z0-9.+~]*$`)

// ValidVersion reports whether v is a Debian version this tool makes: a
// native upstream version, no epoch, no revision.
func ValidVersion(v string) bool {
	return versionRE.MatchString(v)
}
