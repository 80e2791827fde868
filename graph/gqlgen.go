//go:build ignore

// This program runs gqlgen (go generate ./... calls it; see generate.go)
// with one change to the generated executor: fields of objects other than
// the root types are resolved on the goroutine of their object, not on one
// goroutine each.
//
// gqlgen resolves every field that has a resolver, or a method taking a
// context, on a goroutine of its own, so that slow resolvers wait for the
// database side by side. Wutong's nested records are loaded before any of
// their fields is resolved (entgql's CollectFields: one statement per edge,
// see graph/nplusone_test.go), so those fields return at once, and a
// goroutine each only costs its start, its stack growth and the scheduler:
// a 50-issue dashboard started hundreds of them per request. The fields of
// Query still run side by side, since each may query the database.
package main

import (
	"log"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

// serialFields is the gqlgen plugin that turns off per-field goroutines on
// every object but the root types.
type serialFields struct{}

// Name names the plugin.
func (serialFields) Name() string { return "serialfields" }

// GenerateCode marks the objects before gqlgen writes the executor.
func (serialFields) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !o.Root {
			o.DisableConcurrency = true
		}
	}
	return nil
}

func main() {
	cfg, err := config.LoadConfig("gqlgen.yml")
	if err != nil {
		log.Fatalf("loading gqlgen.yml: %v", err)
	}
	if err := api.Generate(cfg, api.AddPlugin(serialFields{})); err != nil {
		log.Fatalf("running gqlgen: %v", err)
	}
}
