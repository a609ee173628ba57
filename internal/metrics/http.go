package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Ready reports whether the service can serve: the database answers and
// its schema is not behind this build.
type Ready func(ctx context.Context) error

// Schema is what a store tells of its migrations (sqlite and postgres).
type Schema interface {
	Schema(ctx context.Context) (have, want int, err error)
}

// SchemaReady is the readiness of a store: reachable, and at the
// migration this build expects or later (migrations expand then
// contract, so a build one behind still runs on the newer schema).
func SchemaReady(s Schema) Ready {
	return func(ctx context.Context) error {
		have, want, err := s.Schema(ctx)
		if err != nil {
			return fmt.Errorf("database unreachable: %w", err)
		}
		if have < want {
			return fmt.Errorf("database schema %d is behind this build's %d", have, want)
		}
		return nil
	}
}

// Handler serves /metrics, /healthz (the process answers) and /readyz
// (ready answers nil within 5 s).
func (m *Metrics) Handler(ready Ready, log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{MaxRequestsInFlight: 4}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		defer cancel()
		if ready != nil {
			if err := ready(ctx); err != nil {
				log.Warn("not ready", "err", err)
				http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprintln(w, "ok")
	})
	return mux
}

// Serve serves Handler on ln until ctx ends.
func (m *Metrics) Serve(ctx context.Context, ln net.Listener, ready Ready, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           m.Handler(ready, log),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-done
		return nil
	}
	return err
}
