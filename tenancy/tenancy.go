// Package tenancy keeps every community's records apart: a record may only
// refer to records of its own community. The rule is an ent hook, so it holds
// for every writer: resolvers, the demo loader, importers and tests.
package tenancy

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"entgo.io/ent"
	"github.com/go-openapi/inflect"

	"wutong/apperr"
	gen "wutong/ent"
	"wutong/gid"
)

// globalTables hold records that belong to no community (logins).
var globalTables = map[string]bool{"users": true, "communities": true}

// cacheKey is the context key of a Cache.
type cacheKey struct{}

// Cache remembers the community of records already checked or written in
// one unit of work, so that a bulk load does not look each parent up again.
type Cache struct {
	mu sync.Mutex
	m  map[gid.ID]gid.ID
}

// WithCache returns a context whose writes share a Cache. Use it only for a
// unit of work within one transaction.
func WithCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, cacheKey{}, &Cache{m: map[gid.ID]gid.ID{}})
}

func cacheFrom(ctx context.Context) *Cache {
	c, _ := ctx.Value(cacheKey{}).(*Cache)
	return c
}

// Hook checks that every record referred to by a community-owned record
// belongs to the same community. It is installed on every entity that has a
// community_id column.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				return next.Mutate(ctx, m)
			}
			refs := references(m)
			var owners []gid.ID
			if len(refs) > 0 {
				var err error
				owners, err = communitiesOf(ctx, m)
				if err != nil {
					return nil, err
				}
				if err := check(ctx, m, owners, refs); err != nil {
					return nil, err
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			if c := cacheFrom(ctx); c != nil && m.Op().Is(ent.OpCreate) {
				if id, ok := idOf(m); ok {
					if cid, ok := m.Field("community_id"); ok {
						c.put(id, cid.(gid.ID))
					}
				}
			}
			return v, nil
		})
	}
}

// reference is an ID the mutation links to, with the GraphQL field naming it.
type reference struct {
	field string
	id    gid.ID
}

// references lists the IDs a mutation sets, from foreign-key fields and
// added edges, except the community itself and deployment-wide records.
func references(m ent.Mutation) []reference {
	var refs []reference
	seen := map[gid.ID]bool{}
	add := func(field string, v ent.Value) {
		id, ok := v.(gid.ID)
		if !ok || seen[id] {
			return
		}
		table, err := id.Table()
		if err == nil && globalTables[table] {
			return
		}
		seen[id] = true
		refs = append(refs, reference{field: field, id: id})
	}
	for _, f := range m.Fields() {
		if f == "id" || f == "community_id" || !strings.HasSuffix(f, "_id") {
			continue
		}
		v, _ := m.Field(f)
		add(apperr.FieldName(f), v)
	}
	for _, e := range m.AddedEdges() {
		if e == "community" {
			continue
		}
		for _, v := range m.AddedIDs(e) {
			add(edgeInput(m, e), v)
		}
	}
	return refs
}

// communitiesOf returns the communities of the records being written.
func communitiesOf(ctx context.Context, m ent.Mutation) ([]gid.ID, error) {
	if v, ok := m.Field("community_id"); ok {
		return []gid.ID{v.(gid.ID)}, nil
	}
	if m.Op().Is(ent.OpCreate) {
		return nil, apperr.InvalidField("communityID", "is required")
	}
	idm, ok := m.(interface {
		IDs(context.Context) ([]gid.ID, error)
	})
	if !ok {
		return nil, fmt.Errorf("tenancy: %T cannot list its IDs", m)
	}
	rows, err := idm.IDs(ctx)
	if err != nil {
		return nil, err
	}
	found, err := lookup(ctx, m, rows)
	if err != nil {
		return nil, err
	}
	set := map[gid.ID]bool{}
	for _, c := range found {
		set[c] = true
	}
	out := make([]gid.ID, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// check verifies that every reference exists and belongs to the one community
// of the records being written.
func check(ctx context.Context, m ent.Mutation, owners []gid.ID, refs []reference) error {
	list := make([]gid.ID, len(refs))
	for i, r := range refs {
		list[i] = r.id
	}
	found, err := lookup(ctx, m, list)
	if err != nil {
		return err
	}
	for _, r := range refs {
		c, ok := found[r.id]
		if !ok {
			return apperr.InvalidField(r.field, "no %s with ID %s", r.id.TypeName(), r.id)
		}
		for _, o := range owners {
			if c != o {
				return apperr.InvalidField(r.field, "%s %s belongs to another community", r.id.TypeName(), r.id)
			}
		}
	}
	return nil
}

// lookup returns the community of each of the given records that exists,
// from the cache where it can.
func lookup(ctx context.Context, m ent.Mutation, list []gid.ID) (map[gid.ID]gid.ID, error) {
	found := make(map[gid.ID]gid.ID, len(list))
	cache := cacheFrom(ctx)
	byTable := map[string][]gid.ID{}
	for _, id := range list {
		if cache != nil {
			if c, ok := cache.get(id); ok {
				found[id] = c
				continue
			}
		}
		table, err := id.Table()
		if err != nil {
			continue
		}
		byTable[table] = append(byTable[table], id)
	}
	if len(byTable) == 0 {
		return found, nil
	}
	cm, ok := m.(interface{ Client() *gen.Client })
	if !ok {
		return nil, fmt.Errorf("tenancy: %T has no client", m)
	}
	client := cm.Client()
	for table, list := range byTable {
		args := make([]any, len(list))
		marks := make([]string, len(list))
		for i, id := range list {
			args[i] = string(id)
			marks[i] = fmt.Sprintf("$%d", i+1)
		}
		// The table name comes from the ids registry, never from input.
		q := "SELECT id, community_id FROM " + table + " WHERE id IN (" + strings.Join(marks, ", ") + ")"
		rows, err := client.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("tenancy: looking up %s: %w", table, err)
		}
		for rows.Next() {
			var id, c gid.ID
			if err := rows.Scan(&id, &c); err != nil {
				rows.Close()
				return nil, err
			}
			found[id] = c
			if cache != nil {
				cache.put(id, c)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return found, nil
}

func (c *Cache) get(id gid.ID) (gid.ID, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[id]
	return v, ok
}

func (c *Cache) put(id, community gid.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[id] = community
}

// idOf returns the ID of the record a mutation created.
func idOf(m ent.Mutation) (gid.ID, bool) {
	im, ok := m.(interface{ ID() (gid.ID, bool) })
	if !ok {
		return "", false
	}
	return im.ID()
}

// edgeInput names the GraphQL input field that sets an edge: "attendeeIDs"
// when creating, "addAttendeeIDs" when changing; unique edges are set by
// their foreign-key field, which the field loop names.
func edgeInput(m ent.Mutation, edge string) string {
	one := apperr.FieldName(inflect.Singularize(edge))
	if m.Op().Is(ent.OpCreate) {
		return one + "IDs"
	}
	return "add" + strings.ToUpper(one[:1]) + one[1:] + "IDs"
}
