// Package idempotency lets a client retry a mutation without acting twice.
// A client sends an Idempotency-Key header with a mutation; the response to
// the first request that succeeds is stored in the database for a day,
// within the same transaction as the mutation itself, and every retry with
// that key gets the stored response instead of running again, on whichever
// replica it lands. A key reused for a different request is refused.
package idempotency

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"wutong/apperr"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/idempotencykey"
)

// Header is the request header that carries the key.
const Header = "Idempotency-Key"

// ReplayedHeader is set to "true" on a response replayed from the store.
const ReplayedHeader = "Idempotent-Replayed"

// TTL is how long a stored response is kept.
const TTL = 24 * time.Hour

// MaxKeyLength is the longest key accepted; a UUID needs 36 characters.
const MaxKeyLength = 255

// Request is the key of one HTTP request, carried in its context.
type Request struct {
	// Key is the header's value.
	Key string
	// header is the response's header, for ReplayedHeader.
	header http.Header
}

// MarkReplayed sets ReplayedHeader on the response.
func (r *Request) MarkReplayed() {
	if r.header != nil {
		r.header.Set(ReplayedHeader, "true")
	}
}

// ctxKey is the context key of the Request.
type ctxKey struct{}

// Middleware puts the request's Idempotency-Key, if any, in its context.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v, ok := r.Header[http.CanonicalHeaderKey(Header)]; ok {
			key := ""
			if len(v) > 0 {
				key = v[0]
			}
			if len(v) > 1 {
				key = "\x00" // several keys: refused by Valid
			}
			r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, &Request{Key: key, header: w.Header()}))
		}
		next.ServeHTTP(w, r)
	})
}

// FromContext returns the request's key, or nil if it was sent without one.
func FromContext(ctx context.Context) *Request {
	r, _ := ctx.Value(ctxKey{}).(*Request)
	return r
}

// Valid checks a key: 1 to MaxKeyLength visible ASCII characters, such as
// a UUID.
func Valid(key string) error {
	if key == "" || len(key) > MaxKeyLength {
		return apperr.Invalidf("the %s header must hold 1 to %d visible ASCII characters, such as a UUID", Header, MaxKeyLength)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x21 || key[i] > 0x7e {
			return apperr.Invalidf("the %s header must hold 1 to %d visible ASCII characters, such as a UUID", Header, MaxKeyLength)
		}
	}
	return nil
}

// Hash identifies a request by its operation and variables, so that a key
// reused for another request is noticed. Uploaded files count by name and
// size, not content.
func Hash(query, operationName string, variables map[string]any) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s\x00%d:%s\x00", len(query), query, len(operationName), operationName)
	// encoding/json sorts map keys, so equal variables give equal bytes.
	if b, err := json.Marshal(variables); err == nil {
		h.Write(b)
	} else {
		fmt.Fprintf(h, "unencodable:%v", err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ErrReused is returned when a key comes back with a different request.
var ErrReused = &apperr.Error{Kind: apperr.Conflict, Message: "this Idempotency-Key was used for a different request in the last 24 hours; use a new key for a new request"}

// Lookup returns the stored response for a principal's key, or nil if
// there is none. An expired record is deleted, so that the key can be used
// again.
func Lookup(ctx context.Context, client *ent.Client, principal, key string, now time.Time) (*ent.IdempotencyKey, error) {
	ctx = authz.System(ctx)
	rec, err := client.IdempotencyKey.Query().
		Where(idempotencykey.Principal(principal), idempotencykey.Key(key)).
		Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("looking up an idempotency key: %w", err)
	case !rec.ExpiresAt.After(now):
		if err := client.IdempotencyKey.DeleteOne(rec).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return nil, fmt.Errorf("forgetting an expired idempotency key: %w", err)
		}
		return nil, nil
	}
	return rec, nil
}

// ErrRace is returned by Save when another request with the same key was
// stored first; the caller rolls back and replays that one.
var ErrRace = errors.New("idempotency key stored by a concurrent request")

// Save stores the response to a principal's key. Called with the client of
// the mutation's transaction, it commits or rolls back with the mutation.
func Save(ctx context.Context, client *ent.Client, principal, key, hash string, response []byte, now time.Time) error {
	err := client.IdempotencyKey.Create().
		SetPrincipal(principal).
		SetKey(key).
		SetRequestHash(hash).
		SetResponse(response).
		SetCreatedAt(now).
		SetExpiresAt(now.Add(TTL)).
		Exec(authz.System(ctx))
	if ent.IsConstraintError(err) {
		return ErrRace
	}
	if err != nil {
		return fmt.Errorf("storing an idempotency key: %w", err)
	}
	return nil
}

// Sweep deletes the records that expired before now and returns how many.
func Sweep(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	n, err := client.IdempotencyKey.Delete().
		Where(idempotencykey.ExpiresAtLTE(now)).
		Exec(authz.System(ctx))
	if err != nil {
		return 0, fmt.Errorf("deleting expired idempotency keys: %w", err)
	}
	return n, nil
}
