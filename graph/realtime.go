package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/elnormous/contenttype"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/feed"
	"wutong/gid"
)

// WebSocket close codes of graphql-transport-ws that tell a client to stop
// retrying: log in again (4401), or connect another way (4403).
const (
	closeUnauthorized = 4401
	closeForbidden    = 4403
)

// Subscription transports' timings.
const (
	// wsInitTimeout is how long a new connection may wait before it
	// sends connection_init.
	wsInitTimeout = 10 * time.Second
	// wsPingInterval is how often the server pings; a client that has not
	// answered after two intervals is dropped.
	wsPingInterval = 25 * time.Second
)

// The media types a POST may be answered with, in the server's order, for
// content negotiation.
var (
	eventStreamType = contenttype.NewMediaType("text/event-stream")
	answerTypes     = []contenttype.MediaType{contenttype.NewMediaType("application/graphql-response+json"),
		contenttype.NewMediaType("application/json"), eventStreamType}
)

// streamDecision is the context key of isStream's answer, decided once per
// request (by bounded, which has read the body).
type streamDecision struct{}

// isStream reports whether a request opens a stream: a WebSocket upgrade,
// or a POST to be answered with Server-Sent Events, which it is when its
// Accept header prefers text/event-stream to the JSON types (by q-value,
// then by order, RFC 9110), or accepts it for a subscription. So a client
// listing JSON first, as urql does, gets JSON and its status codes for
// queries and mutations. Streams outlive the request timeout and the
// server's read and write deadlines.
func isStream(r *http.Request) bool {
	if d, ok := r.Context().Value(streamDecision{}).(bool); ok {
		return d
	}
	if r.Header.Get("Upgrade") != "" {
		return true
	}
	accept := r.Header.Get("Accept")
	if r.Method != http.MethodPost || !strings.Contains(accept, "text/event-stream") {
		return false
	}
	if best, _, err := contenttype.GetAcceptableMediaTypeFromHeader(accept, answerTypes); err == nil && best.Equal(eventStreamType) {
		return true
	}
	if _, _, err := contenttype.GetAcceptableMediaTypeFromHeader(accept, []contenttype.MediaType{eventStreamType}); err != nil {
		return false
	}
	return isSubscription(r)
}

// bodyKey is the context key of a request body that bounded has read.
type bodyKey struct{}

// isSubscription reports whether a POST's body (read by bounded) asks for
// a subscription; a body that does not parse is not one, and is left to
// the GraphQL layer to answer.
func isSubscription(r *http.Request) bool {
	body, _ := r.Context().Value(bodyKey{}).([]byte)
	var params struct {
		Query         string `json:"query"`
		OperationName string `json:"operationName"`
	}
	if json.Unmarshal(body, &params) != nil || params.Query == "" {
		return false
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, parserTokenLimit)
	if err != nil {
		return false
	}
	for _, op := range doc.Operations {
		if (params.OperationName == "" || op.Name == params.OperationName) && op.Operation == ast.Subscription {
			return true
		}
	}
	return false
}

// eventStreams is gqlgen's Server-Sent Events transport, taken only for
// the requests isStream decides are streams.
type eventStreams struct{ transport.SSE }

// Supports implements graphql.Transport.
func (t eventStreams) Supports(r *http.Request) bool { return t.SSE.Supports(r) && isStream(r) }

// streamKey is the context key of a stream's connection details.
type streamKey struct{}

// streamInfo is what the WebSocket init function needs of the upgrade
// request.
type streamInfo struct {
	// cookie is the session cookie the browser sent, if any.
	cookie string
	// sameSite reports whether a browser's page from our own or an
	// allowed origin opened the connection (or no browser did).
	sameSite bool
}

// streams prepares subscription requests: no deadlines (a stream lasts as
// long as the client stays), the end of closing ends them, so that a
// shutdown closes every stream, and the details the init function needs.
func streams(next http.Handler, origins []string, closing context.Context) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isStream(r) {
			next.ServeHTTP(w, r)
			return
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		info := &streamInfo{sameSite: allowedOrigin(r, origins)}
		if c, err := r.Cookie(auth.CookieName); err == nil {
			info.cookie = c.Value
		}
		ctx, cancel := context.WithCancel(context.WithValue(r.Context(), streamKey{}, info))
		defer cancel()
		if closing != nil {
			stop := context.AfterFunc(closing, cancel)
			defer stop()
		}
		ctx = transport.AppendCloseReason(ctx, "the connection ended; reconnect and reload")
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// allowedOrigin reports whether the request comes from a page of our own
// origin or of an allowed one, or from a client that is not a browser.
func allowedOrigin(r *http.Request, origins []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, r.Host) || slices.Contains(origins, origin)
}

// websocketTransport is graphql-transport-ws (and the older graphql-ws)
// over coder/websocket, authenticated at connection_init.
func websocketTransport(authn *auth.Service) transport.Websocket {
	return transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{
			// Origins are checked in initConnection: a bearer token may
			// come from anywhere, a cookie only from our own pages.
			InsecureSkipVerify: true,
		}},
		InitFunc:              initConnection(authn),
		InitTimeout:           wsInitTimeout,
		KeepAlivePingInterval: wsPingInterval,
		PingPongInterval:      wsPingInterval,
	}
}

// initConnection authenticates a WebSocket connection: a bearer token in
// the init payload's "authorization" (the mobile app), or the session
// cookie of a page on an allowed origin (the SPA, GraphiQL).
func initConnection(authn *auth.Service) transport.WebsocketInitFunc {
	return func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
		info, _ := ctx.Value(streamKey{}).(*streamInfo)
		token := strings.TrimSpace(strings.TrimPrefix(p.Authorization(), "Bearer "))
		if token == "" && info != nil && info.cookie != "" {
			if !info.sameSite {
				return transport.WithWebsocketCloseCode(ctx, closeForbidden), nil,
					errors.New("the session cookie is accepted only from this site's own pages; send a token in connection_init instead")
			}
			token = info.cookie
		}
		if token == "" {
			return transport.WithWebsocketCloseCode(ctx, closeUnauthorized), nil,
				errors.New(`log in first: send {"authorization": "Bearer <token>"} in connection_init`)
		}
		v, err := authn.Authenticate(ctx, token)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) {
				err = errors.New("the login could not be checked; try again later")
			}
			return transport.WithWebsocketCloseCode(ctx, closeUnauthorized), nil, err
		}
		return auth.NewContext(ctx, v), nil, nil
	}
}

// subscribe checks that the viewer is logged in and, for a community's
// topic, may read some of the entity's records there, and subscribes.
func (r *Resolver) subscribe(ctx context.Context, topic, scope, entity string) (*feed.Subscription, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in to subscribe"}
	}
	if entity != "" {
		if err := authz.Follow(v, entity, gid.ID(scope)); err != nil {
			return nil, err
		}
	}
	if r.feed == nil {
		return nil, &apperr.Error{Kind: apperr.Internal, Message: "this server has no real-time feed", Err: errors.New("graph.Options.Feed is nil")}
	}
	return r.feed.Subscribe(topic, scope), nil
}

// sharedLoads lets the subscriptions of one login load each event's record
// once: a staff member with the SPA open in several tabs, or many phones
// on one account, costs one query per event, not one per connection. A
// record is shared only between subscribers of the same session, whose
// rights are the same, and for a few seconds.
type sharedLoads struct {
	mu sync.Mutex
	m  map[string]*sharedLoad
}

// sharedLoad is one load, finished when done is closed.
type sharedLoad struct {
	done chan struct{}
	at   time.Time
	val  any
	err  error
}

// sharedFor is how long a loaded record is shared.
const sharedFor = 2 * time.Second

// do returns the result of load for key, running it once for all callers
// within sharedFor. The load does not end when the first caller's client
// leaves, since others wait for it.
func (s *sharedLoads) do(ctx context.Context, key string, load func(context.Context) (any, error)) (any, error) {
	now := time.Now()
	s.mu.Lock()
	if e, ok := s.m[key]; ok && now.Sub(e.at) < sharedFor {
		s.mu.Unlock()
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if s.m == nil {
		s.m = map[string]*sharedLoad{}
	}
	if len(s.m) >= 1024 {
		for k, e := range s.m {
			if now.Sub(e.at) >= sharedFor {
				delete(s.m, k)
			}
		}
	}
	e := &sharedLoad{done: make(chan struct{}), at: now}
	s.m[key] = e
	s.mu.Unlock()
	e.val, e.err = load(context.WithoutCancel(ctx))
	close(e.done)
	return e.val, e.err
}

// loadShared loads a subscription's record through the resolver's shared
// loads, keyed by the viewer's session, the topic and the record.
func loadShared[T any](r *Resolver, topic string, load func(context.Context, gid.ID) (*T, error)) func(context.Context, gid.ID) (*T, error) {
	return func(ctx context.Context, id gid.ID) (*T, error) {
		v := auth.FromContext(ctx)
		if v == nil {
			return load(ctx, id)
		}
		val, err := r.shared.do(ctx, string(v.SessionID)+"|"+topic+"|"+string(id), func(ctx context.Context) (any, error) { return load(ctx, id) })
		rec, _ := val.(*T)
		return rec, err
	}
}

// relay turns a subscription's events into GraphQL messages: each event's
// record is loaded with the subscriber's own rights, and load returns nil
// for one it may not see; missed makes the message for lost events. It
// ends when the client leaves or the feed closes; a slow client makes the
// feed drop events for it (and say so), never blocking anyone else.
func relay[T any](ctx context.Context, sub *feed.Subscription, load func(context.Context, gid.ID) (*T, error), missed func() *T) <-chan *T {
	out := make(chan *T)
	go func() {
		defer close(out)
		defer sub.Close()
		for {
			var m feed.Message
			select {
			case <-ctx.Done():
				return
			case msg, ok := <-sub.C():
				if !ok {
					return
				}
				m = msg
			}
			var item *T
			if m.Missed {
				item = missed()
			} else {
				rec, err := load(ctx, gid.ID(m.ID))
				if err != nil || rec == nil {
					// Not found includes not readable by this viewer.
					continue
				}
				item = rec
			}
			select {
			case out <- item:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// readable returns a record loaded with the viewer's rights, or nil if it
// may not be seen.
func readable[T any](rec *T, err error) (*T, error) {
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return rec, err
}

// gridKey tells apart, in the shared loads, subscriptions that filter by
// grid, whose load answers nil for other grids.
func gridKey(grid *gid.ID) string {
	if grid == nil {
		return ""
	}
	return ":" + string(*grid)
}
