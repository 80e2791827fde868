package auth

import (
	"context"
	"encoding/json"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wutong/apperr"
)

// CookieName is the session cookie the SPA and GraphiQL use.
const CookieName = "wutong_session"

// httpKey is the context key of the request's HTTP details.
type httpKey struct{}

// exchange is what resolvers need of the HTTP request: where it came from,
// and a way to set the session cookie on the response.
type exchange struct {
	w       http.ResponseWriter
	address string
	secure  bool
}

// Middleware authenticates each request: a bearer token in the
// Authorization header (the mobile app), or the session cookie (the SPA and
// GraphiQL). A cookie counts only on requests another site cannot forge: a
// POST with a JSON body, or a request with an X-Requested-With or
// GraphQL-Require-Preflight header, which browsers send cross-site only
// after a CORS preflight. A bad bearer token is refused with 401; a bad
// cookie is cleared and the request goes on without a viewer.
func (s *Service) Middleware(next http.Handler, secureCookies bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ex := &exchange{w: w, address: clientAddress(r), secure: secureCookies}
		ctx := context.WithValue(r.Context(), httpKey{}, ex)
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				refuse(w, "the Authorization header must be \"Bearer <token>\"")
				return
			}
			v, err := s.Authenticate(ctx, strings.TrimSpace(token))
			if e, ok := apperr.As(err); ok && e.Kind == apperr.Unauthenticated {
				refuse(w, err.Error())
				return
			}
			if err != nil {
				unavailable(w, err)
				return
			}
			ctx = NewContext(ctx, v)
		} else if c, err := r.Cookie(CookieName); err == nil && c.Value != "" && csrfSafe(r) {
			v, err := s.Authenticate(ctx, c.Value)
			switch e, ok := apperr.As(err); {
			case err == nil:
				ctx = NewContext(ctx, v)
			case ok && e.Kind == apperr.Unauthenticated:
				ClearSessionCookie(ctx)
			default:
				// An outage ends no session: the cookie stays.
				unavailable(w, err)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// ReadMiddleware is Middleware for routes that only read, such as photos
// shown in an <img> element, which cannot send headers: it also takes the
// session cookie on GET and HEAD. The cookie is SameSite=Lax, so other
// sites' pages do not send it with their sub-requests.
func (s *Service) ReadMiddleware(next http.Handler, secureCookies bool) http.Handler {
	return s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if FromContext(ctx) == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
				if v, err := s.Authenticate(ctx, c.Value); err == nil {
					ctx = NewContext(ctx, v)
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	}), secureCookies)
}

// csrfSafe reports whether a browser could only have sent the request from
// our own pages (or after a CORS preflight that we answer).
func csrfSafe(r *http.Request) bool {
	if r.Header.Get("X-Requested-With") != "" || r.Header.Get("GraphQL-Require-Preflight") != "" {
		return true
	}
	if r.Method != http.MethodPost {
		return false
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && (mt == "application/json" || mt == "application/graphql-response+json")
}

// unavailable answers a request whose login could not be checked because
// the database could not be reached (or failed): 503 with Retry-After and
// UNAVAILABLE, so that a client tries again instead of logging out. The
// cause is logged, never shown.
func unavailable(w http.ResponseWriter, err error) {
	slog.Error("checking a login", "error", err)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Retry-After", strconv.Itoa(apperr.RetryAfter))
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": apperr.ErrUnavailable.Message, "extensions": map[string]any{"code": string(apperr.Unavailable)}}},
	})
}

// refuse answers a request whose bearer token is not valid.
func refuse(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="wutong"`)
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": "UNAUTHENTICATED"}}},
	})
}

// clientAddress is the host part of the connection's remote address.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientAddress returns the address of the request in the context, or "".
func ClientAddress(ctx context.Context) string {
	if ex, ok := ctx.Value(httpKey{}).(*exchange); ok {
		return ex.address
	}
	return ""
}

// SetSessionCookie sets the session cookie on the response, if there is one.
func SetSessionCookie(ctx context.Context, token string, expires time.Time) {
	ex, ok := ctx.Value(httpKey{}).(*exchange)
	if !ok {
		return
	}
	http.SetCookie(ex.w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", Expires: expires,
		HttpOnly: true, Secure: ex.secure, SameSite: http.SameSiteLaxMode,
	})
}

// ClearSessionCookie removes the session cookie, if there is a response.
func ClearSessionCookie(ctx context.Context) {
	ex, ok := ctx.Value(httpKey{}).(*exchange)
	if !ok {
		return
	}
	http.SetCookie(ex.w, &http.Cookie{
		Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: ex.secure, SameSite: http.SameSiteLaxMode,
	})
}
