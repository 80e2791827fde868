package limits

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"wutong/apperr"
)

// extensionName names the extension in gqlgen's stats.
const extensionName = "QueryLimits"

// CostReport is the cost of an operation as the response reports it in
// extensions.cost.
type CostReport struct {
	// Requested is the cost of the operation (see the package comment).
	Requested int `json:"requested"`
	// Limit is the highest cost of one operation (Config.MaxCost).
	Limit int `json:"limit"`
	// Remaining is the points left in the hourly budget after the
	// operation (the fewest among the request's keys); absent when no
	// budget applies to the request.
	Remaining *int `json:"remaining,omitempty"`
	// Budget is the points of the hourly budget (Config.HourlyBudget);
	// absent when no budget applies.
	Budget int `json:"budget,omitempty"`
	// ResetAt is when the budget is full again; absent when no budget
	// applies.
	ResetAt *time.Time `json:"resetAt,omitempty"`
}

// Extension returns the gqlgen handler extension that enforces cfg: each
// operation is measured once it is parsed and validated, and refused with
// a BAD_USER_INPUT error if it passes a limit, or with RATE_LIMITED if its
// cost is more than a budget of the request has left (see Config.Keys). The
// cost is reported in the response's extensions.cost (see CostReport), and
// the rate-limit headers are set if the handler is wrapped by Headers.
//
// The hourly budget lives in the returned extension, in memory: use one
// extension per server, and expect each replica to keep its own budget.
func Extension(cfg Config) graphql.HandlerExtension {
	e := &extension{cfg: cfg, now: cfg.Now}
	if e.now == nil {
		e.now = time.Now
	}
	if cfg.HourlyBudget > 0 && cfg.Keys != nil {
		e.budget = NewBudget(cfg.HourlyBudget, time.Hour, cfg.MaxKeys)
	}
	return e
}

// extension is the handler extension of Extension.
type extension struct {
	cfg    Config
	now    func() time.Time
	budget *Budget // nil: no budget
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = (*extension)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (e *extension) ExtensionName() string { return extensionName }

// Validate implements graphql.HandlerExtension: it keeps the schema.
func (e *extension) Validate(es graphql.ExecutableSchema) error {
	if es == nil || es.Schema() == nil {
		return errors.New("limits: no schema")
	}
	e.schema = es.Schema()
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator. gqlgen
// calls it once the operation is parsed and validated and its variables
// coerced, before anything is resolved; an error refuses the operation.
func (e *extension) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	stats, at, err := measure(e.schema, opCtx.Doc, opCtx.Operation, opCtx.Variables, e.cfg)
	if err != nil {
		return present(err, at)
	}
	report := &CostReport{Requested: stats.Cost, Limit: e.cfg.MaxCost}
	opCtx.Stats.SetExtension(extensionName, report)
	if err := checkCost(stats.Cost, e.cfg); err != nil {
		return present(err, nil)
	}
	if e.budget == nil {
		return nil
	}
	keys := e.cfg.Keys(ctx)
	if !hasKey(keys) {
		return nil
	}

	now := e.now()
	charge := max(stats.Cost, 1)
	remaining, reset, ok := e.budget.SpendAll(keys, charge, now)
	wait := seconds(reset.Sub(now))
	reset = ceilSecond(reset)
	report.Remaining, report.Budget, report.ResetAt = &remaining, e.budget.Limit(), &reset
	setHeader(ctx, "RateLimit-Limit", strconv.Itoa(e.budget.Limit()))
	setHeader(ctx, "RateLimit-Remaining", strconv.Itoa(remaining))
	setHeader(ctx, "RateLimit-Reset", strconv.Itoa(wait))
	if ok {
		return nil
	}
	setHeader(ctx, "Retry-After", strconv.Itoa(max(wait, 1)))
	return present(&apperr.Error{
		Kind: apperr.RateLimited,
		Message: fmt.Sprintf("the query costs %s and %d of the hourly budget of %d are left; try again after %s",
			points(charge), remaining, e.budget.Limit(), reset.Format(time.RFC3339)),
	}, nil)
}

// InterceptResponse implements graphql.ResponseInterceptor: it reports the
// cost in extensions.cost. gqlgen calls it for refused operations too (from
// DispatchError), and takes the extensions once next has run, so the cost
// is registered first.
func (e *extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if graphql.HasOperationContext(ctx) {
		if r, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(extensionName).(*CostReport); ok && graphql.GetExtension(ctx, "cost") == nil {
			graphql.RegisterExtension(ctx, "cost", r)
		}
	}
	return next(ctx)
}

// present turns an error of Analyze or of the budget into a GraphQL error
// with its extensions.code (and extensions.field) and the location at
// fault if known, which wraps the *apperr.Error so that an error presenter
// that knows apperr sees it.
func present(err error, at *ast.Position) *gqlerror.Error {
	out := &gqlerror.Error{Err: err, Message: err.Error(), Extensions: map[string]any{"code": string(apperr.Internal)}}
	if at != nil {
		out.Locations = []gqlerror.Location{{Line: at.Line, Column: at.Column}}
	}
	if ae, ok := apperr.As(err); ok {
		out.Extensions["code"] = string(ae.Kind)
		if ae.Field != "" {
			out.Extensions["field"] = ae.Field
		}
	}
	return out
}

// hasKey reports whether any key is not empty.
func hasKey(keys []string) bool {
	for _, k := range keys {
		if k != "" {
			return true
		}
	}
	return false
}

// ceilSecond rounds a time up to the second, in UTC, so that a client told
// to wait until then is not refused again.
func ceilSecond(t time.Time) time.Time {
	s := t.UTC().Truncate(time.Second)
	if s.Before(t) {
		s = s.Add(time.Second)
	}
	return s
}

// points spells a number of points.
func points(n int) string {
	if n == 1 {
		return "1 point"
	}
	return strconv.Itoa(n) + " points"
}

// seconds rounds a duration up to whole seconds, at least 0.
func seconds(d time.Duration) int {
	if d <= 0 {
		return 0
	}
	return int(math.Ceil(d.Seconds()))
}
