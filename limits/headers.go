package limits

import (
	"context"
	"net/http"
	"sync"
)

// headersKey keys the response headers of a request in its context.
type headersKey struct{}

// pendingHeaders are the rate-limit headers that the extension sets while
// the operation is prepared, for the response to carry.
type pendingHeaders struct {
	mu sync.Mutex
	h  http.Header
}

// set sets one header to come.
func (p *pendingHeaders) set(name, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.h.Set(name, value)
}

// copyTo sets the headers to come on a response's headers.
func (p *pendingHeaders) copyTo(dst http.Header) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for name, values := range p.h {
		dst[name] = append([]string(nil), values...)
	}
}

// setHeader sets a header of the response to the request in ctx, if the
// request went through Headers.
func setHeader(ctx context.Context, name, value string) {
	if p, ok := ctx.Value(headersKey{}).(*pendingHeaders); ok {
		p.set(name, value)
	}
}

// Headers lets the extension (see Extension) set the rate-limit headers of
// the response: RateLimit-Limit (the points of the hour), RateLimit-Remaining
// (the points left), RateLimit-Reset (seconds until the budget is full
// again) and, when an operation is refused, Retry-After (seconds). It must
// wrap the GraphQL handler; the headers are written with the status line,
// whenever the handler first writes.
func Headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &pendingHeaders{h: http.Header{}}
		rw := &headerWriter{ResponseWriter: w, pending: p}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), headersKey{}, p)))
	})
}

// headerWriter writes the pending headers before the status line.
type headerWriter struct {
	http.ResponseWriter
	pending *pendingHeaders
	wrote   bool
}

// writePending copies the pending headers, once.
func (w *headerWriter) writePending() {
	if !w.wrote {
		w.wrote = true
		w.pending.copyTo(w.ResponseWriter.Header())
	}
}

// WriteHeader implements http.ResponseWriter.
func (w *headerWriter) WriteHeader(status int) {
	w.writePending()
	w.ResponseWriter.WriteHeader(status)
}

// Write implements http.ResponseWriter.
func (w *headerWriter) Write(b []byte) (int, error) {
	w.writePending()
	return w.ResponseWriter.Write(b)
}

// Flush implements http.Flusher, for streaming transports.
func (w *headerWriter) Flush() {
	w.writePending()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *headerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
