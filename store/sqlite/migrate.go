package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/internal/migrations"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// loadMigrations reads the embedded migrations, in order.
func loadMigrations() ([]migrations.Migration, error) {
	ms, err := migrations.Load(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return ms, nil
}

// migrate applies the pending migrations in one transaction and records them.
func migrate(ctx context.Context, db *sql.DB, now time.Time) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	if err := migrations.Apply(ctx, db, ms, now); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// Migration returns the SQL of migration number v, so that a test can
// replay an upgrade on rows written as they were before it.
func Migration(v int) (string, error) {
	ms, err := loadMigrations()
	if err != nil {
		return "", err
	}
	if v < 1 || v > len(ms) {
		return "", fmt.Errorf("sqlite: no migration %d", v)
	}
	return ms[v-1].SQL, nil
}

// Schema reports the newest migration the database has had and the newest
// this build carries: the service's /readyz checks the one is not behind
// the other.
func (s *Store) Schema(ctx context.Context) (have, want int, err error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, 0, err
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return 0, len(ms), fmt.Errorf("sqlite: schema: %w", err)
	}
	return have, len(ms), nil
}
