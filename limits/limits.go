// Package limits bounds what one GraphQL operation may ask of a public
// endpoint, and how much one client may ask in an hour.
//
// Before an operation runs, its selection set is walked with every fragment
// spread and inline fragment inlined (a fragment used twice counts twice;
// @skip and @include are not evaluated, so a skipped field counts too):
//
//   - every field returning a Relay connection (an object type whose name
//     ends in "Connection" and which has an edges field) must have a first
//     or last argument, from a literal or a variable, between 0 and
//     Config.MaxPageSize;
//   - the nesting depth (me { id } is 2), the number of aliased fields and
//     the number of fields may not pass Config.MaxDepth, Config.MaxAliases
//     and Config.MaxFields;
//   - the cost may not pass Config.MaxCost.
//
// Fields whose names begin with "__" (__typename, and the introspection
// fields __schema and __type, served from memory) count as fields but cost
// nothing, and the selections under them are not walked.
//
// # Cost
//
// The cost of an operation is the number of objects it may fetch, assuming
// every list comes back full:
//
//	cost = Σ over the fields F returning objects (object, interface or union
//	       types, or lists of them) of size(F) × Π size(L) over the list and
//	       connection fields L enclosing F
//
// where size is first (or last; the larger if both) for a connection,
// first or last for any other list field that takes them and 1 for a list
// field that does not, and 1 for a field returning one object. A
// connection's own parts are its items and cost nothing more: edges, nodes
// and pageInfo of the connection and node of an edge. Scalar and enum
// fields cost nothing. Sizes are capped arithmetically, so the cost never
// overflows.
//
// For example (Example in the tests):
//
//	{
//	  me { id }                          #   1 user
//	  communities(first: 10) {           #  10 communities
//	    totalCount
//	    pageInfo { hasNextPage }         #   free: part of the connection
//	    edges { cursor node {            #   free: the 10 communities
//	      name
//	      grids(first: 20) {             # 200 = 10 × 20 grids
//	        edges { node {
//	          community { name }         # 200 = 10 × 20 × 1
//	          issues(first: 5) {         # 1000 = 10 × 20 × 5
//	            edges { node { title } }
//	          }
//	        } }
//	      }
//	    } }
//	  }
//	}
//
// costs 1 + 10 + 200 + 200 + 1000 = 1411. Each operation is charged its
// cost, and at least 1, against the hourly budget of every key the
// Config.Keys function returns for its request (see Budget).
package limits

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"wutong/apperr"
)

// Config sets the limits. A limit of 0 or less is no limit; first or last is
// required on connections whatever MaxPageSize is.
type Config struct {
	// MaxCost is the highest cost of one operation (see the package comment).
	MaxCost int
	// MaxDepth is the deepest nesting of fields: { me { id } } is 2.
	MaxDepth int
	// MaxAliases is how many fields of an operation may have an alias,
	// counted after fragments are inlined.
	MaxAliases int
	// MaxFields is how many fields an operation may select, counted after
	// fragments are inlined.
	MaxFields int
	// MaxPageSize is the highest first or last of a connection.
	MaxPageSize int
	// HourlyBudget is how many cost points each key returned by Keys may
	// spend in an hour. The budget is kept in memory, for this process
	// (replica) alone.
	HourlyBudget int
	// MaxKeys bounds how many keys the budget tracks; when more arrive the
	// keys whose hour began first are forgotten (and start afresh). 0 means
	// 100000.
	MaxKeys int
	// Keys returns the keys of a request whose budgets it spends, such as
	// "user:<id>" and "addr:<ip>": each key has its own HourlyBudget, and an
	// operation runs only if every key can pay for it. Empty keys are
	// ignored. Nil, or no keys, spends no budget.
	Keys func(ctx context.Context) []string
	// Now tells the time for the budget; nil means time.Now.
	Now func() time.Time
}

// Defaults returns the limits for the public endpoint: operations of cost
// 5000, depth 12, 30 aliases, 500 fields and pages of 100 at most, and
// 50000 points per key and hour.
func Defaults() Config {
	return Config{
		MaxCost:      5000,
		MaxDepth:     12,
		MaxAliases:   30,
		MaxFields:    500,
		MaxPageSize:  100,
		HourlyBudget: 50000,
		MaxKeys:      100000,
	}
}

// Stats measures an operation.
type Stats struct {
	// Cost is the number of objects the operation may fetch (see the
	// package comment).
	Cost int
	// Depth is the deepest nesting of fields.
	Depth int
	// Aliases is the number of aliased fields.
	Aliases int
	// Fields is the number of fields.
	Fields int
}

// maxCount caps costs and sizes so that their sums and products never
// overflow: no sane limit comes near it.
const maxCount = 1 << 40

// maxSteps bounds the selections walked when MaxFields is off, against
// fragments spread into fragments spread into fragments.
const maxSteps = 1 << 20

// Analyze measures an operation of a validated document against the schema
// and checks it against the limits of cfg (but not the budget). vars are
// the operation's coerced variables. The error, if any, is an *apperr.Error
// of kind apperr.Invalid: with Field "first" for a missing or out-of-range
// page size, and with no field otherwise; the Stats are then partial.
func Analyze(schema *ast.Schema, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any, cfg Config) (Stats, error) {
	stats, _, err := measure(schema, doc, op, vars, cfg)
	if err != nil {
		return stats, err
	}
	return stats, checkCost(stats.Cost, cfg)
}

// measure walks an operation, checking every limit but the cost.
// The position is where the query breaks it, if known.
func measure(schema *ast.Schema, doc *ast.QueryDocument, op *ast.OperationDefinition, vars map[string]any, cfg Config) (Stats, *ast.Position, error) {
	w := &walker{schema: schema, doc: doc, vars: vars, cfg: cfg, active: map[string]bool{}}
	if op == nil {
		return w.stats, nil, apperr.Invalidf("no operation to run")
	}
	cost, err := w.selections(op.SelectionSet, 0, 1, "", setPlain, 0)
	w.stats.Cost = cost
	return w.stats, w.at, err
}

// checkCost refuses a cost over the limit.
func checkCost(cost int, cfg Config) error {
	if over(cost, cfg.MaxCost) {
		return apperr.Invalidf("the query costs %d points (the objects it may fetch, counting the full pages asked for), more than the limit of %d: ask for smaller pages or fewer nested connections", cost, cfg.MaxCost)
	}
	return nil
}

// over reports whether n passes a limit; limits of 0 or less are off.
func over(n, limit int) bool { return limit > 0 && n > limit }

// setKind tells how the fields of a selection set are costed.
type setKind int

const (
	// setPlain is the selection set of an ordinary object.
	setPlain setKind = iota
	// setConnection is the selection set of a connection: its fields cost
	// nothing, and its lists (edges, nodes) hold the connection's page.
	setConnection
	// setEdge is the selection set of a connection's edge: its node costs
	// nothing.
	setEdge
)

// walker walks one operation.
type walker struct {
	schema *ast.Schema
	doc    *ast.QueryDocument
	vars   map[string]any
	cfg    Config
	stats  Stats
	// active holds the fragments being spread, against cycles.
	active map[string]bool
	steps  int
	// at is where the query breaks a limit.
	at *ast.Position
}

// fail notes where the query breaks a limit and returns the error.
func (w *walker) fail(pos *ast.Position, err error) error {
	if w.at == nil {
		w.at = pos
	}
	return err
}

// selections walks a selection set whose fields are at depth+1, under a
// multiplier mult (the objects of the enclosing type that may be fetched),
// and returns its cost. page is the page size when kind is setConnection.
func (w *walker) selections(set ast.SelectionSet, depth, mult int, path string, kind setKind, page int) (int, error) {
	total := 0
	for _, sel := range set {
		w.steps++
		if w.steps > maxSteps {
			return total, apperr.Invalidf("the query is too large once its fragments are inlined")
		}
		var (
			cost int
			err  error
		)
		switch s := sel.(type) {
		case *ast.Field:
			cost, err = w.field(s, depth+1, mult, path, kind, page)
		case *ast.InlineFragment:
			cost, err = w.selections(s.SelectionSet, depth, mult, path, kind, page)
		case *ast.FragmentSpread:
			def := s.Definition
			if def == nil && w.doc != nil {
				def = w.doc.Fragments.ForName(s.Name)
			}
			if def == nil {
				continue // validation reports unknown fragments
			}
			if w.active[s.Name] {
				return total, w.fail(s.Position, apperr.Invalidf("fragment %s spreads itself", s.Name))
			}
			w.active[s.Name] = true
			cost, err = w.selections(def.SelectionSet, depth, mult, path, kind, page)
			delete(w.active, s.Name)
		}
		total = add(total, cost)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// field checks and costs one field at depth under a multiplier mult, in a
// selection set of the kind given.
func (w *walker) field(f *ast.Field, depth, mult int, parent string, kind setKind, page int) (int, error) {
	name := f.Alias
	if name == "" {
		name = f.Name
	}
	path := name
	if parent != "" {
		path = parent + "." + name
	}

	w.stats.Fields++
	if over(w.stats.Fields, w.cfg.MaxFields) {
		return 0, w.fail(f.Position, apperr.Invalidf("the query selects more than %d fields once its fragments are inlined", w.cfg.MaxFields))
	}
	if f.Alias != "" && f.Alias != f.Name {
		w.stats.Aliases++
		if over(w.stats.Aliases, w.cfg.MaxAliases) {
			return 0, w.fail(f.Position, apperr.Invalidf("the query has more than %d aliases", w.cfg.MaxAliases))
		}
	}
	if depth > w.stats.Depth {
		w.stats.Depth = depth
		if over(depth, w.cfg.MaxDepth) {
			return 0, w.fail(f.Position, apperr.Invalidf("the query nests fields more than %d deep (at %s)", w.cfg.MaxDepth, path))
		}
	}
	if strings.HasPrefix(f.Name, "__") || f.Definition == nil {
		// __typename, introspection, or a field validation refuses.
		return 0, nil
	}
	typ := w.schema.Types[f.Definition.Type.Name()]
	if typ == nil || !typ.IsCompositeType() {
		return 0, nil
	}
	list := isList(f.Definition.Type)

	switch kind {
	case setConnection:
		// edges, nodes and pageInfo are the connection's page, or about it.
		switch {
		case list && f.Name == "edges":
			return w.selections(f.SelectionSet, depth, mul(mult, page), path, setEdge, 0)
		case list:
			return w.selections(f.SelectionSet, depth, mul(mult, page), path, setPlain, 0)
		}
		return w.selections(f.SelectionSet, depth, mult, path, setPlain, 0)
	case setEdge:
		if f.Name == "node" && !list {
			return w.selections(f.SelectionSet, depth, mult, path, setPlain, 0)
		}
	}

	if w.isConnection(typ) {
		size, err := w.pageSize(f, path)
		if err != nil {
			return 0, w.fail(f.Position, err)
		}
		n := mul(mult, size)
		rest, err := w.selections(f.SelectionSet, depth, mult, path, setConnection, size)
		return add(n, rest), err
	}
	size := 1
	if list {
		if s, ok := w.listSize(f); ok {
			size = s
		}
	}
	n := mul(mult, size)
	rest, err := w.selections(f.SelectionSet, depth, n, path, setPlain, 0)
	return add(n, rest), err
}

// isConnection reports whether an object type is a Relay connection.
func (w *walker) isConnection(t *ast.Definition) bool {
	return t.Kind == ast.Object && strings.HasSuffix(t.Name, "Connection") && t.Fields.ForName("edges") != nil
}

// pageSize returns the page size of a connection field: the larger of
// first and last, which must be given and within MaxPageSize.
func (w *walker) pageSize(f *ast.Field, path string) (int, error) {
	size, given := 0, false
	for _, arg := range []string{"first", "last"} {
		v, present := w.argument(f, arg)
		if !present {
			continue
		}
		n, ok := toInt(v)
		if !ok {
			if v == nil {
				continue // null is as good as absent
			}
			return 0, apperr.InvalidField("first", "%s: %s must be a whole number from 0 to %d", path, arg, w.cfg.MaxPageSize)
		}
		if n < 0 || over(n, w.cfg.MaxPageSize) {
			if w.cfg.MaxPageSize > 0 {
				return 0, apperr.InvalidField("first", "%s: %s is %d; a page holds 0 to %d items", path, arg, n, w.cfg.MaxPageSize)
			}
			return 0, apperr.InvalidField("first", "%s: %s is %d; it may not be negative", path, arg, n)
		}
		given = true
		size = max(size, n)
	}
	if !given {
		limit := ""
		if w.cfg.MaxPageSize > 0 {
			limit = fmt.Sprintf(" (at most %d)", w.cfg.MaxPageSize)
		}
		return 0, apperr.InvalidField("first", "%s is a connection: give first or last%s, to say how many items to fetch", path, limit)
	}
	return size, nil
}

// listSize returns the first or last argument of a list field that takes
// one, the larger if both are given.
func (w *walker) listSize(f *ast.Field) (int, bool) {
	size, found := 0, false
	for _, arg := range []string{"first", "last"} {
		if v, ok := w.argument(f, arg); ok {
			if n, ok := toInt(v); ok {
				size, found = max(size, n), true
			}
		}
	}
	if size < 0 {
		size = 0
	}
	return size, found
}

// argument returns the value of a field's argument, from the query, a
// variable or the argument's default, and whether it has one. A field that
// does not define the argument has none.
func (w *walker) argument(f *ast.Field, name string) (any, bool) {
	def := f.Definition.Arguments.ForName(name)
	if def == nil {
		return nil, false
	}
	if a := f.Arguments.ForName(name); a != nil && a.Value != nil {
		return w.value(a.Value)
	}
	if def.DefaultValue != nil {
		return w.value(def.DefaultValue)
	}
	return nil, false
}

// value resolves a value of the query: a variable's value or a literal. An
// integer literal too large for int64 resolves to math.MaxInt64.
func (w *walker) value(v *ast.Value) (any, bool) {
	switch v.Kind {
	case ast.Variable:
		val, ok := w.vars[v.Raw]
		return val, ok
	case ast.NullValue:
		return nil, true
	case ast.IntValue:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		if err != nil {
			if strings.HasPrefix(v.Raw, "-") {
				return int64(math.MinInt64), true
			}
			return int64(math.MaxInt64), true
		}
		return n, true
	default:
		return v.Raw, true
	}
}

// toInt converts an integer argument, literal or from a variable, to int
// (capped at maxCount either way).
func toInt(v any) (int, bool) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	case int64:
		n = x
	case float64:
		if x != math.Trunc(x) {
			return 0, false
		}
		n = int64(max(min(x, maxCount), -maxCount))
	case interface{ Int64() (int64, error) }: // json.Number
		var err error
		if n, err = x.Int64(); err != nil {
			return 0, false
		}
	case string:
		var err error
		if n, err = strconv.ParseInt(x, 10, 64); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	return int(max(min(n, maxCount), -maxCount)), true
}

// isList reports whether a type is a list, with or without non-null.
func isList(t *ast.Type) bool { return t.Elem != nil }

// add adds two counts, saturating at maxCount.
func add(a, b int) int { return min(a+b, maxCount) }

// mul multiplies two counts, saturating at maxCount.
func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > maxCount/b {
		return maxCount
	}
	return a * b
}
