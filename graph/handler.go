package graph

import (
	"context"

	"log/slog"
	"net/http"
	"wutong/disclosure"
	"wutong/reqid"

	"github.com/99designs/gqlgen/graphql"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"wutong/auth"
	"wutong/ent"
	"wutong/limits"
	"wutong/observe"
	"wutong/photos"
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
}

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
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	if opts.Photos != nil {
		srv.AddTransport(transport.MultipartForm{
			MaxUploadSize: maxPhotosPerRequest*opts.Photos.MaxBytes + 1<<20,
			MaxMemory:     8 << 20,
		})
	}
	srv.SetQueryCache(lru.New[*ast.QueryDocument](size))
	srv.Use(extension.Introspection{})
	srv.Use(limits.Extension(queryLimits(opts.Limits)))
	srv.Use(accessLog{client: client, log: log})
	srv.Use(transactions{entgql.Transactioner{TxOpener: client, SkipTxFunc: onlySessionFields}})
	srv.SetErrorPresenter(errorPresenter(log))
	srv.SetRecoverFunc(recoverFunc(log))
	return srv
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
	return t.Transactioner.InterceptResponse(ctx, next)
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
	client *ent.Client
	log    *slog.Logger
}

// ExtensionName implements graphql.HandlerExtension.
func (accessLog) ExtensionName() string { return "AccessLog" }

// Validate implements graphql.HandlerExtension.
func (accessLog) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse implements graphql.ResponseInterceptor.
func (a accessLog) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	ctx, rec := disclosure.WithRecorder(ctx, a.client)
	resp := next(ctx)
	if err := rec.Flush(ctx); err != nil {
		// Data was shown that the log does not hold: tell the operator.
		a.log.ErrorContext(ctx, "writing the access log", "request_id", reqid.From(ctx), "error", err)
	}
	return resp
}
