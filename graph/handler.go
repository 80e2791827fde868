package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"wutong/apperr"
	"wutong/auth"
	"wutong/disclosure"
	"wutong/ent"
	"wutong/feed"
	"wutong/idempotency"
	"wutong/limits"
	"wutong/observe"
	"wutong/photos"
	"wutong/reqid"
)

// Options configure the GraphQL endpoint.
type Options struct {
	// Logger receives internal errors; nil means slog.Default().
	Logger *slog.Logger
	// QueryCacheSize is how many parsed and validated queries are kept; 0 means 1000.
	QueryCacheSize int
	// Photos stores the photos uploaded with reports and comments; nil
	// refuses uploads.
	Photos *photos.Store
	// Dialect is the database's dialect (store.Store.Dialect), for the
	// statistics' SQL.
	Dialect string
	// Limits bound each query (cost, depth, aliases, page sizes) and the
	// hourly budget of cost points per user and per address; the zero
	// value means limits.Defaults().
	Limits *limits.Config
	// Metrics, if set, counts and times every operation and writes one log
	// line for each (package observe).
	Metrics *observe.Metrics
	// Feed delivers the events subscriptions follow; nil turns
	// subscriptions off.
	Feed feed.Broker
	// Origins are the other origins whose pages may open a subscription
	// with the session cookie (the CORS allow-list); pages of the
	// server's own origin always may.
	Origins []string
	// Closing ends every subscription stream when it is done, so that a
	// shutdown need not wait for clients to leave.
	Closing context.Context
	// Production turns introspection and "did you mean" suggestions off,
	// so that the schema is not handed to strangers.
	Production bool
}

// Bounds of a request, before any GraphQL work.
const (
	// maxBody is the largest JSON request body (queries and variables).
	maxBody = 1 << 20
	// parserTokenLimit is the most tokens a query document may have.
	parserTokenLimit = 15000
	// requestTimeout is how long one request may run.
	requestTimeout = 30 * time.Second
	// uploadTimeout is how long a request with files may run: a roster of
	// a hundred thousand rows takes seconds to check and write.
	uploadTimeout = 2 * time.Minute
)

// queryLimits is the configuration of the query limits, charging the
// hourly budget to the logged-in user and to the client's address.
func queryLimits(given *limits.Config) limits.Config {
	cfg := limits.Defaults()
	if given != nil {
		cfg = *given
	}
	if cfg.Keys == nil {
		cfg.Keys = func(ctx context.Context) []string {
			var keys []string
			if v := auth.FromContext(ctx); v != nil {
				keys = append(keys, "user:"+string(v.UserID))
			}
			if a := auth.ClientAddress(ctx); a != "" {
				keys = append(keys, "address:"+a)
			}
			return keys
		}
	}
	return cfg
}

// maxPhotosPerRequest bounds a multipart request: the photos of one report
// or comment, and some room for the operations part.
const maxPhotosPerRequest = maxPhotos

// NewHandler returns the GraphQL endpoint over the ent client: JSON by POST,
// queries by GET, a cache of parsed queries, introspection for GraphiQL,
// and one database transaction per mutation operation.
func NewHandler(client *ent.Client, authn *auth.Service, opts Options) http.Handler {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	size := opts.QueryCacheSize
	if size <= 0 {
		size = 1000
	}
	srv := handler.New(NewSchema(client, authn, opts))
	if opts.Metrics != nil {
		// First, so that it sees every request, even one refused early.
		srv.Use(opts.Metrics.Extension(log))
	}
	srv.AddTransport(websocketTransport(authn))
	srv.AddTransport(eventStreams{})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	if opts.Photos != nil {
		srv.AddTransport(transport.MultipartForm{
			MaxUploadSize: maxPhotosPerRequest*opts.Photos.MaxBytes + 1<<20,
			MaxMemory:     8 << 20,
		})
	}
	// Before any extension that intercepts responses: a query or mutation
	// yields one response, however often a streaming transport asks.
	srv.Use(oneResponse{})
	srv.Use(inputChecks{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](size))
	srv.SetParserTokenLimit(parserTokenLimit)
	if opts.Production {
		srv.SetDisableSuggestion(true)
	} else {
		srv.Use(extension.Introspection{})
	}
	// Automatic persisted queries: a phone sends the sha256 of a query it
	// sent before instead of the whole text.
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](size)})
	srv.Use(limits.Extension(queryLimits(opts.Limits)))
	srv.Use(accessLog{client: client, dialect: opts.Dialect, log: log})
	presenter := errorPresenter(log)
	srv.Use(idempotent{
		client:    client,
		tx:        transactions{entgql.Transactioner{TxOpener: client, SkipTxFunc: onlySessionFields}},
		presenter: presenter,
	})
	srv.SetErrorPresenter(presenter)
	srv.SetRecoverFunc(recoverFunc(log))
	var maxUpload int64
	if opts.Photos != nil {
		maxUpload = maxPhotosPerRequest*opts.Photos.MaxBytes + maxBody
	}
	return bounded(streams(idempotency.Middleware(srv), opts.Origins, opts.Closing), maxUpload)
}

// oneResponse ends a query or mutation after its one response. The
// streaming transports (Server-Sent Events) ask an operation for responses
// until it answers nil; the extensions that intercept responses
// (transactions, idempotency, the access log) would otherwise run again on
// every ask, and the idempotency layer answer its stored response for
// ever. Subscriptions keep their stream.
type oneResponse struct{}

// ExtensionName implements graphql.HandlerExtension.
func (oneResponse) ExtensionName() string { return "OneResponse" }

// Validate implements graphql.HandlerExtension.
func (oneResponse) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor.
func (oneResponse) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	h := next(ctx)
	if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
		return h
	}
	var done atomic.Bool
	return func(ctx context.Context) *graphql.Response {
		if done.Swap(true) {
			return nil
		}
		return h(ctx)
	}
}

// bounded guards the endpoint before any GraphQL work: a body is cut off
// at its kind's cap with 413 (a multipart request whose operation is a
// mutation that takes photos at maxUpload, the photos' cap, on a server
// that takes photos; every other body, and a GET's URL, at maxBody), a request runs at most requestTimeout, and a mutation sent
// by GET, which a link or an image could trigger, gets 405. A body other
// than an upload is read whole before anything parses it, so that one over
// the cap is 413 whether or not it said its length.
func bounded(next http.Handler, maxUpload int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		upload := false
		if maxUpload > 0 && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			if r.ContentLength > maxUpload {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			upload, r.Body = takesPhotos(r)
		}
		max := int64(maxBody)
		if upload {
			max = maxUpload
		}
		if r.ContentLength > max || len(r.URL.RawQuery) > maxBody {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		if !upload && r.Body != nil && r.Method != http.MethodGet {
			body, err := io.ReadAll(r.Body)
			var tooLarge *http.MaxBytesError
			switch {
			case errors.As(err, &tooLarge):
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			case err != nil:
				http.Error(w, "the request body could not be read", http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, body))
		}
		r = r.WithContext(context.WithValue(r.Context(), streamDecision{}, isStream(r)))
		if r.Method == http.MethodGet && !onlyQueries(r.URL.Query().Get("query")) {
			w.Header().Set("Allow", "POST")
			http.Error(w, "send mutations and subscriptions by POST", http.StatusMethodNotAllowed)
			return
		}
		if isStream(r) {
			// A subscription lasts as long as the client stays.
			next.ServeHTTP(w, r)
			return
		}
		timeout := requestTimeout
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			timeout = uploadTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		outage := new(atomic.Bool)
		ctx = context.WithValue(ctx, outageKey{}, outage)
		body, _ := r.Context().Value(bodyKey{}).([]byte)
		next.ServeHTTP(&answerWriter{ResponseWriter: w, media: answerMedia(r), req: r, body: body, outage: outage}, r.WithContext(ctx))
	})
}

// onlyQueries reports whether a query document holds no mutation or
// subscription; a document that does not parse is left to the GraphQL
// layer, which answers it properly.
func onlyQueries(text string) bool {
	if text == "" {
		return true
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: text}, parserTokenLimit)
	if err != nil {
		return true
	}
	for _, op := range doc.Operations {
		if op.Operation != ast.Query {
			return false
		}
	}
	return true
}

// transactions runs each mutation operation in one transaction (entgql's
// Transactioner), and lets requests refused before they had an operation,
// such as a body that is not JSON, pass by untouched.
type transactions struct{ entgql.Transactioner }

// InterceptResponse implements graphql.ResponseInterceptor.
func (t transactions) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	resp := t.Transactioner.InterceptResponse(ctx, next)
	if resp != nil {
		for _, e := range resp.Errors {
			txFailure(ctx, e)
		}
	}
	return resp
}

// txFailure gives a failure to begin or commit a transaction, which
// entgql reports with the driver's text and no code, our answer: the
// database could not be reached (UNAVAILABLE, 503) when the driver says
// so, an internal error otherwise. The driver's text is logged, never
// shown.
func txFailure(ctx context.Context, e *gqlerror.Error) {
	if e.Extensions["code"] != nil || !(strings.HasPrefix(e.Message, "cannot create transaction") || strings.HasPrefix(e.Message, "cannot commit transaction")) {
		return
	}
	id := reqid.From(ctx)
	slog.ErrorContext(ctx, "transaction failed", "request_id", id, "error", e.Message)
	if strings.Contains(e.Message, "bad connection") || strings.Contains(e.Message, "connection refused") ||
		strings.Contains(e.Message, "database is closed") || strings.Contains(e.Message, "shutting down") {
		e.Message = apperr.ErrUnavailable.Message
		setCode(e, apperr.Unavailable, "")
		markOutage(ctx)
		return
	}
	e.Message = fmt.Sprintf("internal error (request id %s)", id)
	setCode(e, apperr.Internal, "")
}

// sessionFields are the mutations that run outside a transaction, because
// a failed attempt must be recorded for throttling even though it fails.
var sessionFields = map[string]bool{"login": true, "activateAccount": true, "logout": true}

// onlySessionFields reports whether an operation asks only for session
// mutations; those run without a transaction. Mixed with other mutations
// they run in one and are refused (see requireOwnOperation).
func onlySessionFields(op *ast.OperationDefinition) bool {
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok || !sessionFields[f.Name] {
			return false
		}
	}
	return len(op.SelectionSet) > 0
}

// accessLog records the unmasked reads of personal information of each
// operation in the access log once it is done. It runs outside the
// transaction of a mutation, so that a refused change still logs its reads.
type accessLog struct {
	client  *ent.Client
	dialect string
	log     *slog.Logger
}

// ExtensionName implements graphql.HandlerExtension.
func (accessLog) ExtensionName() string { return "AccessLog" }

// Validate implements graphql.HandlerExtension.
func (accessLog) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (a accessLog) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	ctx, rec := disclosure.WithRecorder(ctx, a.client, a.dialect)
	resp := next(ctx)
	if err := rec.Flush(ctx); err != nil {
		// Data was shown that the log does not hold: tell the operator.
		a.log.ErrorContext(ctx, "writing the access log", "request_id", reqid.From(ctx), "error", err)
	}
	return resp
}
