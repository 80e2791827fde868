package observe

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// HTTP counts the requests that next serves, by method and status code,
// and times them, under route: the pattern next is registered with, such
// as "GET /photos/{id}", never the raw path. A handler that panics before
// writing its header counts as a 500.
func (m *Metrics) HTTP(route string, next http.Handler) http.Handler {
	requests := m.httpRequests.MustCurryWith(prometheus.Labels{"route": route})
	duration := m.httpDuration.WithLabelValues(route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		returned := false
		defer func() {
			status := sw.status
			if status == 0 {
				status = http.StatusOK
				if !returned {
					status = http.StatusInternalServerError
				}
			}
			requests.WithLabelValues(method(r.Method), strconv.Itoa(status)).Inc()
			duration.Observe(time.Since(start).Seconds())
		}()
		next.ServeHTTP(sw, r)
		returned = true
	})
}

// method returns the method label: the method if standard, else "OTHER",
// since clients may send any token.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	default:
		return "OTHER"
	}
}

// statusWriter remembers the status code of a response. It flushes, and
// unwraps for http.ResponseController, so hijacking and deadlines still
// work through it.
type statusWriter struct {
	http.ResponseWriter
	// status is the final status sent, or 0 while none is.
	status int
}

// WriteHeader implements http.ResponseWriter; informational codes other
// than 101 Switching Protocols are not final, so not remembered.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && (code >= 200 || code == http.StatusSwitchingProtocols) {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// ReadFrom implements io.ReaderFrom, so that copying a file into the
// response can still use the underlying writer's.
func (w *statusWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return io.Copy(w.ResponseWriter, r)
}

// Flush implements http.Flusher; it does nothing if the underlying writer
// cannot flush.
func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
