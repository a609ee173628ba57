package auth

import "context"

// read runs fn in one read-only transaction and returns what it read: a
// use case that only looks never queues behind sign-ins for the write lock.
func read[T any](ctx context.Context, s *Service, fn func(ReadTx) (T, error)) (T, error) {
	return within(ctx, s.o.Store.Read, fn)
}

// write runs fn in one read-write transaction and returns what it made.
func write[T any](ctx context.Context, s *Service, fn func(Tx) (T, error)) (T, error) {
	return within(ctx, s.o.Store.Tx, fn)
}

// within runs fn in the transaction that run gives and returns fn's value,
// or the zero value when the transaction did not commit.
func within[X, T any](ctx context.Context, run func(context.Context, func(X) error) error, fn func(X) (T, error)) (T, error) {
	var out T
	err := run(ctx, func(tx X) error {
		var err error
		out, err = fn(tx)
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}
