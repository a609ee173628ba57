package migrations

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// contracting matches the statements that take away what a build one
// release behind may still use: a table, column, index or trigger dropped
// or renamed, a column's type or nullability changed.
var contracting = regexp.MustCompile(`(?is)\b(DROP\s+(TABLE|COLUMN|INDEX|TRIGGER|FUNCTION|VIEW)|RENAME\s+(TO|COLUMN)|ALTER\s+COLUMN|ALTER\s+TABLE\s+\w+\s+DROP)\b`)

// Migrations expand, then contract (README, Layout): a migration only
// adds, so that the previous release still runs on the schema it leaves
// during an upgrade in rings; what a release no longer uses is taken away
// one release later, in a migration whose first line is "-- contract:"
// naming the release whose code stopped using it.
func TestMigrationsExpandThenContract(t *testing.T) {
	files, err := filepath.Glob("../../store/*/migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sql := string(b)
		if strings.HasPrefix(sql, "-- contract:") {
			continue
		}
		var code []string // the SQL without its comments
		for _, l := range strings.Split(sql, "\n") {
			l, _, _ = strings.Cut(l, "--")
			code = append(code, l)
		}
		if m := contracting.FindString(strings.Join(code, "\n")); m != "" {
			t.Errorf("%s: %q takes away what the previous release may use: expand now, contract a release later (\"-- contract:\")", f, m)
		}
	}
}

// The check finds what it is for.
func TestContractingStatements(t *testing.T) {
	for _, s := range []string{"DROP TABLE lockouts;", "ALTER TABLE users DROP COLUMN dob;", "ALTER TABLE users RENAME COLUMN a TO b;",
		"ALTER TABLE users ALTER COLUMN email SET NOT NULL;", "ALTER TABLE outbox RENAME TO mail;", "drop index outbox_due;"} {
		if !contracting.MatchString(s) {
			t.Errorf("%q not caught", s)
		}
	}
	for _, s := range []string{"ALTER TABLE terminals ADD COLUMN ward TEXT NOT NULL DEFAULT '';", "CREATE INDEX x ON y (z);",
		"INSERT INTO settings (key, value) VALUES ('a', 'b');"} {
		if contracting.MatchString(s) {
			t.Errorf("%q caught", s)
		}
	}
}
