// Package graph is Wutong's GraphQL layer: the schema (*.graphqls), the
// code gqlgen generates from it, and thin resolvers over the ent client.
package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"wutong/auth"
	"wutong/ent"
)

// Resolver holds what the resolvers need; it is built once per server.
type Resolver struct {
	client *ent.Client
	auth   *auth.Service
}

// NewSchema returns the executable schema over the given ent client and
// login service.
func NewSchema(client *ent.Client, authn *auth.Service) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client, auth: authn}})
}
