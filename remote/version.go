package remote

import (
	"context"
	"strconv"

	"connectrpc.com/connect"

	"github.com/wardkiosk/kiosk/api/wire"
)

// apiVersion sends the kiosk API version this kiosk speaks with every
// call, the change feed's watch included, so that a service too new or
// too old for it says so rather than answering in a way it misreads.
type apiVersion int

func (v apiVersion) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		req.Header().Set(wire.APIVersionHeader, strconv.Itoa(int(v)))
		return next(ctx, req)
	}
}

func (v apiVersion) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set(wire.APIVersionHeader, strconv.Itoa(int(v)))
		return conn
	}
}

func (v apiVersion) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
