package graph

import (
	"context"

	"wutong/apperr"
	"wutong/gid"
)

// nodeType tells ent which table holds a node from its ID's prefix, so
// node(id:) runs one query instead of trying every table.
func nodeType(_ context.Context, id gid.ID) (string, error) {
	table, err := id.Table()
	if err != nil {
		return "", apperr.Invalidf("%v", err)
	}
	return table, nil
}
