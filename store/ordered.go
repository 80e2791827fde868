package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"wutong/calendar"
)

// limitedEdges matches the statement with which entgql loads a nested
// connection with first or last for many parents at once
// (entgql.LimitPerRow): the rows of each parent are numbered in the
// connection's order, and the outer SELECT keeps the first n of each, but
// in no particular order. Group 1 is the window's ORDER BY list, of plain
// quoted column names only (an order by an expression, such as an edge's
// count, is left as it is; Wutong's connections order by columns); group 2
// the end of the statement.
//
// Without an ORDER BY on the outer SELECT, the database may return the
// rows in any order. The connection is then built from them in that order:
// a parent's first five assignees came out of ID order, and since the
// extra row fetched to tell hasNextPage is cut off the end, a page could
// even lose one of its nodes for the extra one. For many-to-many edges the
// loader also keeps each node's first occurrence only, so the order must
// be the same for every parent: the order of the window itself, not the
// row number.
var limitedEdges = regexp.MustCompile("(?s)^WITH [\"`]src_query[\"`] AS .*" +
	"\\(ROW_NUMBER\\(\\) OVER \\(PARTITION BY [\"`][a-z0-9_]+[\"`] ORDER BY " +
	"((?:[\"`][a-z0-9_]+[\"`] (?:ASC|DESC)(?:, )?)+)\\)\\) AS [\"`]row_number[\"`] FROM [\"`]src_query[\"`]\\) " +
	"(SELECT [^()]* FROM [\"`]limited_query[\"`] AS [\"`][a-z0-9_]+[\"`] WHERE [\"`][a-z0-9_]+[\"`]\\.[\"`]row_number[\"`] <= (?:\\$[0-9]+|\\?))$")

// orderLimitedEdges adds the missing ORDER BY to a statement that
// limitedEdges matches, and returns any other statement unchanged.
func orderLimitedEdges(query string) string {
	if !strings.HasPrefix(query, "WITH ") {
		return query // most statements: no need to run the expression
	}
	m := limitedEdges.FindStringSubmatchIndex(query)
	if m == nil {
		return query
	}
	return query + " ORDER BY " + query[m[2]:m[3]]
}

// orderedDriver is an ent driver that orders the rows of nested
// connections (see limitedEdges) before they reach ent.
type orderedDriver struct {
	dialect.Driver
}

// Query runs a statement, ordered if it loads nested connections.
func (d orderedDriver) Query(ctx context.Context, query string, args, v any) error {
	return d.Driver.Query(ctx, orderLimitedEdges(query), args, v)
}

// QueryContext runs a raw statement through the driver's own QueryContext.
func (d orderedDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := d.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: driver %T has no QueryContext", d.Driver)
	}
	return q.QueryContext(ctx, query, args...)
}

// ExecContext runs a raw statement through the driver's own ExecContext.
func (d orderedDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	e, ok := d.Driver.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: driver %T has no ExecContext", d.Driver)
	}
	return e.ExecContext(ctx, query, args...)
}

// Tx starts a transaction whose statements are ordered too.
func (d orderedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return orderedTx{tx}, nil
}

// BeginTx starts a transaction with options, whose statements are ordered
// too.
func (d orderedDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: driver %T has no BeginTx", d.Driver)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return orderedTx{tx}, nil
}

// orderedTx is a transaction of orderedDriver.
type orderedTx struct {
	dialect.Tx
}

// Query runs a statement, ordered if it loads nested connections.
func (t orderedTx) Query(ctx context.Context, query string, args, v any) error {
	return t.Tx.Query(ctx, orderLimitedEdges(query), args, v)
}

// QueryContext runs a raw statement through the transaction's own
// QueryContext.
func (t orderedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: transaction %T has no QueryContext", t.Tx)
	}
	return q.QueryContext(ctx, query, args...)
}

// ExecContext runs a raw statement through the transaction's own
// ExecContext.
func (t orderedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	e, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("store: transaction %T has no ExecContext", t.Tx)
	}
	return e.ExecContext(ctx, query, args...)
}

// Exec runs a statement with its times truncated to calendar.Precision, so
// that both databases keep what the API writes (PostgreSQL would round the
// nanoseconds, SQLite keep them).
func (d orderedDriver) Exec(ctx context.Context, query string, args, v any) error {
	return d.Driver.Exec(ctx, query, storedTimes(args), v)
}

// Exec runs a statement with its times truncated, as orderedDriver.Exec.
func (t orderedTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.Tx.Exec(ctx, query, storedTimes(args), v)
}

// storedTimes truncates the times among a statement's arguments to
// calendar.Precision, in place.
func storedTimes(args any) any {
	list, ok := args.([]any)
	if !ok {
		return args
	}
	for i, a := range list {
		switch t := a.(type) {
		case time.Time:
			list[i] = t.Truncate(calendar.Precision)
		case *time.Time:
			if t != nil {
				list[i] = t.Truncate(calendar.Precision)
			}
		}
	}
	return list
}
