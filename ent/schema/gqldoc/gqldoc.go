// Package gqldoc carries GraphQL descriptions that entgql does not take from
// the ent schema by itself: descriptions of enum values. ent/entc.go reads
// them when it writes graph/ent.graphqls.
package gqldoc

// Values describes the values of an enum field, by value.
type Values map[string]string

// Name implements the ent schema Annotation interface.
func (Values) Name() string { return "EnumDocs" }
