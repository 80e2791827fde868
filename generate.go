package main

// Code generation: ent first (ent/ and graph/ent.graphqls), then gqlgen
// (graph/generated.go and the resolver stubs) through graph/gqlgen.go, which
// runs it with one plugin. -trimpath keeps the build cache valid across
// checkouts in other folders, which makes a fresh checkout generate in
// seconds instead of a minute.

//go:generate go run -trimpath -mod=mod ./ent/entc.go
//go:generate env GOFLAGS=-trimpath go run -mod=mod ./graph/gqlgen.go
