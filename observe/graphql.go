package observe

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"wutong/auth"
	"wutong/reqid"
)

// extensionName names the extension, and the key under which it marks the
// operations it follows in their graphql.Stats.
const extensionName = "Observe"

// Outcomes that are not error codes.
const (
	// outcomeOK is the outcome of an operation without errors.
	outcomeOK = "ok"
	// outcomeCanceled is the outcome of a query or mutation that ended
	// without any response, because its client went away.
	outcomeCanceled = "CANCELED"
	// codeInternal is the outcome of an error without a code, and the code
	// of the server's own failures.
	codeInternal = "INTERNAL_SERVER_ERROR"
)

// Extension returns the gqlgen handler extension that records, for every
// operation, the GraphQL metrics and one log line on log (slog.Default()
// if nil): INFO when it went well, WARN for a client's error, ERROR for an
// internal one. A subscription logs a line when it starts and one when it
// ends, and counts in subscriptions_active in between.
//
// Use it first, before the other extensions, so that it sees the errors
// they add, such as a failed commit.
func (m *Metrics) Extension(log *slog.Logger) graphql.HandlerExtension {
	if log == nil {
		log = slog.Default()
	}
	return extension{m: m, log: log}
}

// extension is the handler extension of Metrics.Extension.
type extension struct {
	m   *Metrics
	log *slog.Logger
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = extension{}

// ExtensionName implements graphql.HandlerExtension.
func (extension) ExtensionName() string { return extensionName }

// Validate implements graphql.HandlerExtension.
func (extension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation implements graphql.OperationInterceptor: it follows
// every operation that runs, through all its responses.
func (e extension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	opCtx := graphql.GetOperationContext(ctx)
	op := e.begin(ctx, opCtx, opCtx.Operation != nil && opCtx.Operation.Operation == ast.Subscription)
	opCtx.Stats.SetExtension(extensionName, op)
	// A stream whose client goes away may never be asked for its end.
	op.mu.Lock()
	op.stop = context.AfterFunc(ctx, op.end)
	op.mu.Unlock()

	returned := false
	defer func() {
		if !returned { // next panicked
			op.fail()
		}
	}()
	responses := next(ctx)
	returned = true
	if responses == nil {
		op.end()
		return nil
	}
	return func(ctx context.Context) *graphql.Response {
		returned := false
		defer func() {
			if !returned {
				op.fail()
			}
		}()
		resp := responses(ctx)
		returned = true
		op.response(resp)
		return resp
	}
}

// InterceptResponse implements graphql.ResponseInterceptor: it records the
// operations refused before they could run, whose responses
// InterceptOperation never sees: an unreadable request, a query that does
// not parse or validate, variables that do not fit.
func (e extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	var opCtx *graphql.OperationContext
	if graphql.HasOperationContext(ctx) {
		opCtx = graphql.GetOperationContext(ctx)
		if opCtx.Stats.GetExtension(extensionName) != nil {
			return next(ctx) // followed by InterceptOperation
		}
	}
	op := e.begin(ctx, opCtx, false)
	returned := false
	defer func() {
		if !returned {
			op.fail()
		}
	}()
	resp := next(ctx)
	returned = true
	op.response(resp)
	op.end()
	return resp
}

// operation is what the extension knows of one operation while it runs.
type operation struct {
	e      extension
	ctx    context.Context
	name   string // the operation's name if valid, for the log
	label  string // the operation label, capped
	typ    string
	start  time.Time
	stream bool        // a subscription, ended by a nil response
	stop   func() bool // stops the context.AfterFunc of the stream's end

	mu      sync.Mutex
	done    bool
	outcome string // the first error's code, or "" while there is none
	errors  int
	events  int
}

// begin starts following an operation; opCtx may be nil when the request
// could not be read. A stream is counted and logged as started.
func (e extension) begin(ctx context.Context, opCtx *graphql.OperationContext, stream bool) *operation {
	op := &operation{e: e, ctx: ctx, name: anonymous, typ: unknown, start: time.Now(), stream: stream}
	if opCtx != nil {
		name := opCtx.OperationName
		if opCtx.Operation != nil {
			op.typ = string(opCtx.Operation.Operation)
			if name == "" {
				name = opCtx.Operation.Name
			}
		}
		switch {
		case name == "":
		case validName(name):
			op.name = name
		default:
			op.name = other
		}
		if !opCtx.Stats.OperationStart.IsZero() {
			op.start = opCtx.Stats.OperationStart
		}
	}
	if op.name == anonymous {
		op.label = anonymous
	} else {
		op.label = e.m.operations.label(op.name)
	}
	if stream {
		e.m.SubscriptionStarted()
		e.log.LogAttrs(ctx, slog.LevelInfo, "graphql subscription started", op.attrs()...)
	}
	return op
}

// response takes in one response; nil ends the operation, and so does the
// last response of a query or mutation.
func (op *operation) response(resp *graphql.Response) {
	if resp == nil {
		op.end()
		return
	}
	op.mu.Lock()
	op.events++
	op.errors += len(resp.Errors)
	if op.outcome == "" && len(resp.Errors) > 0 {
		op.outcome = op.e.m.outcomes.label(code(resp.Errors[0]))
	}
	op.mu.Unlock()
	if !op.stream && (resp.HasNext == nil || !*resp.HasNext) {
		op.end()
	}
}

// fail ends the operation as an internal error, when a handler panics.
func (op *operation) fail() {
	op.mu.Lock()
	if op.outcome == "" {
		op.outcome = codeInternal
	}
	op.mu.Unlock()
	op.end()
}

// end records the operation's metrics and log line, once.
func (op *operation) end() {
	op.mu.Lock()
	defer op.mu.Unlock()
	if op.done {
		return
	}
	op.done = true
	if op.stop != nil {
		op.stop()
	}
	took := time.Since(op.start)
	outcome := op.outcome
	switch {
	case outcome != "":
	case op.events == 0 && !op.stream:
		outcome = outcomeCanceled
	default:
		outcome = outcomeOK
	}
	m := op.e.m
	m.gqlRequests.WithLabelValues(op.label, op.typ, outcome).Inc()
	msg := "graphql operation"
	if op.stream {
		m.SubscriptionEnded()
		msg = "graphql subscription ended"
	} else {
		m.gqlDuration.WithLabelValues(op.label, op.typ).Observe(took.Seconds())
	}
	attrs := append(op.attrs(),
		slog.Float64("duration_ms", float64(took.Microseconds())/1000),
		slog.String("outcome", outcome),
		slog.Int("errors", op.errors),
	)
	if op.stream {
		attrs = append(attrs, slog.Int("events", op.events))
	}
	op.e.log.LogAttrs(op.ctx, level(outcome), msg, attrs...)
}

// attrs are the attributes of every log line of the operation.
func (op *operation) attrs() []slog.Attr {
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("request_id", reqid.From(op.ctx)),
		slog.String("operation", op.name),
		slog.String("type", op.typ),
	)
	if v := auth.FromContext(op.ctx); v != nil && v.UserID != "" {
		attrs = append(attrs, slog.String("user_id", string(v.UserID)))
	}
	return attrs
}

// code returns the extensions.code of an error: INTERNAL_SERVER_ERROR if
// it has none, "other" if it is not a string.
func code(err *gqlerror.Error) string {
	if err == nil {
		return codeInternal
	}
	c, ok := err.Extensions["code"]
	if !ok || c == nil {
		return codeInternal
	}
	s, ok := c.(string)
	if !ok {
		return other
	}
	return s
}

// level is the level of the log line of an outcome.
func level(outcome string) slog.Level {
	switch outcome {
	case outcomeOK:
		return slog.LevelInfo
	case codeInternal:
		return slog.LevelError
	default:
		return slog.LevelWarn
	}
}
