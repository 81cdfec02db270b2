package api

import "context"

// Pacer spaces the requests of a multi-request read (every page of the
// calls, every group of the roster): it is called before each request made
// with the context and returns when that request may go, or the context's
// error. A poller paces a long read over its interval this way, so a
// rolling minute holds no more of its requests than its plan counts,
// however many the read makes.
type Pacer func(ctx context.Context) error

type pacerKey struct{}

// WithPacer has every request made with ctx wait for p first.
func WithPacer(ctx context.Context, p Pacer) context.Context {
	return context.WithValue(ctx, pacerKey{}, p)
}

func pace(ctx context.Context) error {
	if p, ok := ctx.Value(pacerKey{}).(Pacer); ok && p != nil {
		return p(ctx)
	}
	return nil
}
