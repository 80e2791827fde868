// Package unique refuses a record that repeats another on a set of columns,
// such as a second registration of the same employee, with a clear input
// error. A unique index stays behind it for writers that race.
package unique

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent"

	"wutong/apperr"
	gen "wutong/ent"
	"wutong/gid"
)

// Together returns a hook that refuses to create a record whose columns all
// equal those of an existing record. what names the record for the message
// and field is the input field to blame.
func Together(what, field string, columns ...string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			args := make([]any, len(columns))
			conds := make([]string, len(columns))
			for i, c := range columns {
				v, ok := m.Field(c)
				if !ok {
					return next.Mutate(ctx, m)
				}
				if id, isID := v.(gid.ID); isID {
					v = string(id)
				}
				args[i] = v
				conds[i] = fmt.Sprintf("%s = $%d", c, i+1)
			}
			exists, err := exists(ctx, m, strings.Join(conds, " AND "), args...)
			if err != nil {
				return nil, err
			}
			if exists {
				return nil, apperr.InvalidField(field, "this %s exists already", what)
			}
			return next.Mutate(ctx, m)
		})
	}
}

// InCommunity returns a hook that refuses to create or change a record so
// that it holds a non-empty value of column that another record of its
// community holds already, with CONFLICT on field. A unique index on
// (community_id, column) stays behind it for writers that race.
func InCommunity(what, field, column string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, ok := m.Field(column)
			if s, _ := v.(string); !ok || s == "" || !m.Op().Is(ent.OpCreate|ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			c, ok := m.Field("community_id")
			var self gid.ID
			if !ok {
				old, err := m.OldField(ctx, "community_id")
				if err != nil {
					return nil, err
				}
				c = old
			}
			if im, ok := m.(interface{ ID() (gid.ID, bool) }); ok {
				self, _ = im.ID()
			}
			community, _ := c.(gid.ID)
			exists, err := exists(ctx, m, "community_id = $1 AND "+column+" = $2 AND id <> $3", string(community), v, string(self))
			if err != nil {
				return nil, err
			}
			if exists {
				return nil, &apperr.Error{Kind: apperr.Conflict, Field: field, Message: fmt.Sprintf("a %s of the community has this %s already", what, field)}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// exists reports whether a row of the mutation's table matches the
// condition. Table and column names come from the schema, never from input;
// values are arguments.
func exists(ctx context.Context, m ent.Mutation, cond string, args ...any) (bool, error) {
	table, err := gid.TableOfType(m.Type())
	if err != nil {
		return false, err
	}
	cm, ok := m.(interface{ Client() *gen.Client })
	if !ok {
		return false, fmt.Errorf("unique: %T has no client", m)
	}
	rows, err := cm.Client().QueryContext(ctx, "SELECT 1 FROM "+table+" WHERE "+cond+" LIMIT 1", args...)
	if err != nil {
		return false, fmt.Errorf("unique: checking %s: %w", table, err)
	}
	found := rows.Next()
	if err := rows.Close(); err != nil {
		return false, err
	}
	return found, nil
}
