//go:build ignore

// This program generates the ent code in ent/ and the GraphQL schema of the
// ent types in graph/ent.graphqls. It is run by go generate from the
// repository root (see generate.go); all paths are relative to the root.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"wutong/ent/schema/gqldoc/describe"
	"wutong/ent/schema/gqldoc/lean"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphqls"),
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithSchemaHook(describe.Schema, lean.Schema),
	)
	if err != nil {
		log.Fatalf("creating the entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "wutong/ent",
		Features: []gen.Feature{
			gen.FeatureIntercept,
			gen.FeaturePrivacy,
			gen.FeatureNamedEdges,
			gen.FeatureLock,
			gen.FeatureUpsert,
			gen.FeatureExecQuery,
			gen.FeatureEntQL,
		},
	},
		entc.Extensions(ex),
		// AlsoSelect on every query (see the template).
		entc.TemplateFiles("ent/template/alsoselect.tmpl"),
		// Load the schema with -trimpath, so that the generated package it
		// imports (through its hooks and policies) comes from the build
		// cache even in a fresh checkout.
		entc.BuildFlags("-trimpath"),
	)
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
