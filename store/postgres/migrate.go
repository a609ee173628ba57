package postgres

import (
	"context"
	"embed"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wardkiosk/kiosk/internal/migrations"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// loadMigrations reads the embedded migrations, in order.
func loadMigrations() ([]migrations.Migration, error) {
	ms, err := migrations.Load(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return ms, nil
}

// migrate applies the pending migrations in one transaction and records
// them, holding a session-level advisory lock from before it reads the
// schema's version until after it commits: instances that start together
// queue on the lock, and each after the first finds nothing to do.
func migrate(ctx context.Context, pool *pgxpool.Pool, now time.Time) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLock); err != nil {
		return fmt.Errorf("postgres: wait for the migration lock: %w", err)
	}
	defer func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLock); err != nil {
			// A connection that may still hold the lock must not go back
			// to the pool: closing it ends the session and the lock.
			conn.Hijack().Close(context.Background())
		}
	}()
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	var have int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if have > len(ms) {
		return fmt.Errorf("postgres: the database is at schema %d, newer than this kiosk (%d)", have, len(ms))
	}
	for _, m := range ms[have:] {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, now.UnixNano()); err != nil {
			return fmt.Errorf("postgres: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	return nil
}

// Schema reports the newest migration the database has had and the newest
// this build carries: the service's /readyz checks the one is not behind
// the other.
func (s *Store) Schema(ctx context.Context) (have, want int, err error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, 0, err
	}
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return 0, len(ms), fmt.Errorf("postgres: schema: %w", err)
	}
	return have, len(ms), nil
}
