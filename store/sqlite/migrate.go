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
