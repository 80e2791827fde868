// Package graph is Wutong's GraphQL layer: the schema (*.graphqls), the
// code gqlgen generates from it, and thin resolvers over the ent client.
package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"wutong/feed"

	"wutong/auth"
	"wutong/ent"
	"wutong/photos"
)

// Resolver holds what the resolvers need; it is built once per server.
type Resolver struct {
	client  *ent.Client
	auth    *auth.Service
	photos  *photos.Store
	dialect string
	feed    feed.Broker
	// shared lets subscribers of one session load each event once.
	shared *sharedLoads
}

// NewSchema returns the executable schema over the given ent client, login
// service and options (the photo store and the database dialect).
func NewSchema(client *ent.Client, authn *auth.Service, opts Options) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{
		Schema:     publicSchema(),
		Resolvers:  &Resolver{client: client, auth: authn, photos: opts.Photos, dialect: opts.Dialect, feed: opts.Feed, shared: &sharedLoads{}},
		Directives: DirectiveRoot{NodeIDs: nodeIDs},
	})
}
