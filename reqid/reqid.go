// Package reqid gives each HTTP request an id that ties a client's error
// report to the server's log line.
package reqid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
)

// key is the context key of the request id.
type key struct{}

// New returns a fresh random request id.
func New() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// With returns a context carrying the request id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// From returns the request id of the context, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}
