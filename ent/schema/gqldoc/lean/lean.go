// Package lean trims the GraphQL schema that entgql generates to what means
// something to a client: identifiers are filtered by equality and
// membership only, lists are replaced whole, and
// node lookups answer a malformed ID per element instead of failing the
// request. ent/entc.go runs it as an entgql schema hook after describe.
package lean

import (
	"strings"

	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

// NodeIDsDirective names the directive on the arguments of node and nodes
// that lets a malformed ID reach the resolver, which answers it as a null
// element with its own error (graph/node.go). The server hides it from
// introspection.
const NodeIDsDirective = "nodeIDs"

// RFC3339 is the specification the Time scalar follows.
const RFC3339 = "https://www.rfc-editor.org/rfc/rfc3339"

// TimeDescription describes the Time scalar, and the one form the server
// writes it in (see calendar.MarshalTime).
const TimeDescription = "A point in time in RFC 3339. The server writes it in UTC with six fractional digits, " +
	"such as 2025-06-13T01:30:00.000000Z, in every answer; it reads any RFC 3339 time with an offset."

// idOperators are the operators that mean nothing for an opaque identifier:
// an ID has no order and no inner text.
var idOperators = []string{"ContainsFold", "EqualFold", "HasPrefix", "HasSuffix", "Contains", "GTE", "GT", "LTE", "LT"}

// Schema is the entgql schema hook.
func Schema(_ *gen.Graph, s *ast.Schema) error {
	for name, def := range s.Types {
		switch {
		case def.Kind == ast.InputObject && strings.HasSuffix(name, "WhereInput"):
			def.Fields = idFilters(def.Fields)
		case def.Kind == ast.InputObject && strings.HasPrefix(name, "Update"):
			def.Fields = withoutAppend(def.Fields)
		}
	}
	if q := s.Types["Query"]; q != nil {
		for _, f := range q.Fields {
			if f.Name == "node" || f.Name == "nodes" {
				for _, a := range f.Arguments {
					a.Directives = append(a.Directives, &ast.Directive{Name: NodeIDsDirective, Location: ast.LocationArgumentDefinition})
				}
			}
		}
	}
	if t := s.Types["Time"]; t != nil {
		t.Description = TimeDescription
		t.Directives = append(t.Directives, &ast.Directive{
			Name:      "specifiedBy",
			Location:  ast.LocationScalar,
			Arguments: ast.ArgumentList{{Name: "url", Value: &ast.Value{Kind: ast.StringValue, Raw: RFC3339}}},
		})
	}
	s.Directives[NodeIDsDirective] = &ast.DirectiveDefinition{
		Description: "Internal: a malformed ID in node or nodes is answered per element. Hidden from introspection.",
		Name:        NodeIDsDirective,
		Locations:   []ast.DirectiveLocation{ast.LocationArgumentDefinition},
	}
	return nil
}

// idFilters drops the ordering and text operators of ID fields.
func idFilters(fields ast.FieldList) ast.FieldList {
	ids := map[string]bool{}
	for _, f := range fields {
		if f.Type.Name() == "ID" {
			ids[f.Name] = true
		}
	}
	kept := fields[:0]
	for _, f := range fields {
		if base, ok := IDOperator(f.Name); ok && ids[base] {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}

// IDOperator reports whether a where-input field name ends in an operator
// that means nothing for an ID, and the field it applies to.
func IDOperator(name string) (base string, ok bool) {
	for _, op := range idOperators {
		if b, found := strings.CutSuffix(name, op); found && b != "" {
			return b, true
		}
	}
	return "", false
}

// withoutAppend drops entgql's appendX fields of update inputs: the code
// entgql v0.7.0 generates for them appends the value of the X field instead
// (m.AppendCareFlags(i.CareFlags)), so a list is replaced whole.
func withoutAppend(fields ast.FieldList) ast.FieldList {
	kept := fields[:0]
	for _, f := range fields {
		if strings.HasPrefix(f.Name, "append") {
			continue
		}
		kept = append(kept, f)
	}
	return kept
}
