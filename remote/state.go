package remote

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// StateFile is where a client kiosk keeps, in its data directory, what it
// must remember across a restart: the last change of the feed it applied
// and when it last synced. Nothing about anyone is in it.
const StateFile = "client-state.json"

// State is a client kiosk's memory of the service.
type State struct {
	// Seq is the sequence number of the last change applied; the watch
	// resumes after it.
	Seq int64 `json:"seq"`
	// LastSync is the last heartbeat answered or change received.
	LastSync time.Time `json:"last_sync,omitzero"`
}

// LoadState reads the state in dir; none yet is the zero State.
func LoadState(dir string) (State, error) {
	var s State
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("remote: %w", err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("remote: %s: %w", StateFile, err)
	}
	return s, nil
}

// Keeper keeps the state in a data directory, writing it whole to a
// temporary file (0600) that replaces the old one, so a crash leaves the
// old state or the new, never half of one.
type Keeper struct {
	dir string
	mu  sync.Mutex
	s   State
}

// NewKeeper loads the state kept in dir.
func NewKeeper(dir string) (*Keeper, error) {
	s, err := LoadState(dir)
	if err != nil {
		return nil, err
	}
	return &Keeper{dir: dir, s: s}, nil
}

// State is the state as kept now.
func (k *Keeper) State() State {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.s
}

// Applied records the change seq applied, at time at.
func (k *Keeper) Applied(seq int64, at time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.s.Seq = max(k.s.Seq, seq)
	k.s.LastSync = at
	return k.save()
}

// Synced records a heartbeat answered at time at.
func (k *Keeper) Synced(at time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.s.LastSync = at
	return k.save()
}

// save writes the state; the caller holds mu.
func (k *Keeper) save() error {
	b, err := json.Marshal(k.s)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(k.dir, ".client-state-*")
	if err != nil {
		return fmt.Errorf("remote: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("remote: %w", err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("remote: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("remote: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("remote: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(k.dir, StateFile)); err != nil {
		return fmt.Errorf("remote: %w", err)
	}
	return nil
}
