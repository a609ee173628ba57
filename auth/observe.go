package auth

import "context"

// observeStore hands every audit event a committed transaction wrote to
// Options.Observe (the service's metrics): counted where it happened, once,
// and never for a transaction that rolled back or was retried.
type observeStore struct {
	Store
	observe func(Event)
}

func (o observeStore) Tx(ctx context.Context, fn func(Tx) error) error {
	var seen []Event
	err := o.Store.Tx(ctx, func(tx Tx) error {
		seen = seen[:0] // a retried transaction starts afresh
		return fn(observeTx{Tx: tx, seen: &seen})
	})
	if err == nil {
		for _, e := range seen {
			o.observe(e)
		}
	}
	return err
}

type observeTx struct {
	Tx
	seen *[]Event
}

func (t observeTx) AppendEvent(ctx context.Context, e *Event) error {
	if err := t.Tx.AppendEvent(ctx, e); err != nil {
		return err
	}
	*t.seen = append(*t.seen, *e)
	return nil
}
