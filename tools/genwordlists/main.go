// Command genwordlists builds the password policy's word lists under
// assets/wordlists/ from public sources: census name lists, GeoNames UK
// places, country names and a common-password list, with a British English
// dictionary used to tell ordinary words from names.
//
// Maintainers run it by hand (see README.md); the build never does. Its
// output is committed and embedded by package assets.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("genwordlists: ")

	var cfg config
	flag.StringVar(&cfg.out, "out", "assets/wordlists", "directory to write the lists, ATTRIBUTION.md and LICENSES/ to")
	flag.StringVar(&cfg.cache, "cache", "", "directory to keep downloaded packages in (default: a temporary directory, removed at the end)")
	flag.StringVar(&cfg.dict, "dict", "/usr/share/dict/british-english", "British English word list (Debian package wbritish)")
	flag.StringVar(&cfg.dictCopyright, "dict-copyright", "/usr/share/doc/wbritish/copyright", "the word list's copyright notice, copied to LICENSES/SCOWL.txt")
	flag.StringVar(&cfg.zxcvbnDir, "zxcvbn-dir", "", "directory of the Go module "+zxcvbnModule+" (default: run go mod download)")
	flag.IntVar(&cfg.passwords, "passwords", 100000, "how many common passwords to keep")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./tools/genwordlists [flags]\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		log.Fatal(err)
	}
}

// config is the command line.
type config struct {
	out           string
	cache         string
	dict          string
	dictCopyright string
	zxcvbnDir     string
	passwords     int
}

func run(ctx context.Context, cfg config) error {
	if cfg.passwords <= 0 {
		return fmt.Errorf("-passwords must be positive")
	}
	cache := cfg.cache
	if cache == "" {
		dir, err := os.MkdirTemp("", "genwordlists-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cache = dir
	} else if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}

	src, err := fetchSources(ctx, cache, cfg.zxcvbnDir)
	if err != nil {
		return err
	}
	if src.dictCopyright, err = os.ReadFile(cfg.dictCopyright); err != nil {
		return fmt.Errorf("the dictionary's copyright notice: %w", err)
	}
	dict, err := readDictionary(cfg.dict)
	if err != nil {
		return err
	}
	lists, err := build(src, dict, cfg.passwords)
	if err != nil {
		return err
	}
	if err := write(cfg.out, lists, src); err != nil {
		return err
	}
	for _, l := range lists {
		log.Printf("%-26s %7d entries", l.file, len(l.words))
	}
	return nil
}
