// Package assets holds the data files built into the kiosk binary. Each kind
// of asset has its own embedded file system in this package, read through
// io/fs; nothing here is written at run time.
package assets

import "embed"

// WordLists holds the password policy's word lists as wordlists/*.txt.gz:
// gzipped text, one entry a line, sorted, made by tools/genwordlists. Their
// sources and licences are in wordlists/ATTRIBUTION.md beside them.
//
//go:embed wordlists/*.txt.gz
var WordLists embed.FS
