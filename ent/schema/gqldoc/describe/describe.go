// Package describe completes the descriptions of the GraphQL schema that
// entgql generates, so that every type, field, argument and enum value of
// Wutong's API is documented. ent/entc.go runs it as an entgql schema hook.
package describe

import (
	"fmt"
	"strings"

	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

// Schema is an entgql schema hook: it takes type descriptions from the ent
// schema's Comment annotation and enum value descriptions from gqldoc.Values,
// and writes a plain description wherever entgql left none.
func Schema(g *gen.Graph, s *ast.Schema) error {
	for _, node := range g.Nodes {
		def := s.Types[node.Name]
		if def == nil {
			continue
		}
		if c, ok := node.Annotations["Comment"].(map[string]any); ok {
			if text, ok := c["Text"].(string); ok {
				def.Description = text
			}
		}
		for _, f := range node.Fields {
			if !f.IsEnum() {
				continue
			}
			docs, ok := f.Annotations["EnumDocs"].(map[string]any)
			if !ok {
				return fmt.Errorf("describe: enum field %s.%s has no gqldoc.Values annotation", node.Name, f.Name)
			}
			enum := s.Types[enumName(node, f)]
			if enum == nil {
				continue
			}
			enum.Description = fmt.Sprintf("%s: %s", enum.Name, strings.TrimSuffix(f.Comment(), "."))
			for _, v := range enum.EnumValues {
				text, ok := docs[v.Name].(string)
				if !ok {
					return fmt.Errorf("describe: enum value %s.%s has no description", enum.Name, v.Name)
				}
				v.Description = text
			}
		}
	}
	if q := s.Types["Query"]; q != nil && q.Description == "" {
		q.Description = "Reads of Wutong's records: any record by its ID, and a Relay connection with filters and ordering for every list."
	}
	for name, text := range scalars {
		if def := s.Types[name]; def != nil && def.Description == "" {
			def.Description = text
		}
	}
	for _, def := range s.Types {
		fill(def)
	}
	return nil
}

// scalars describes the scalars entgql declares.
var scalars = map[string]string{
	"Cursor": "An opaque position in a connection, used with after and before to page through it.",
	"Time":   "A point in time, written in RFC 3339 with its offset, such as 2025-06-13T09:30:00+08:00.",
}

// enumName is the GraphQL name entgql gives an enum field.
func enumName(node *gen.Type, f *gen.Field) string {
	if a, ok := f.Annotations["EntGQL"].(map[string]any); ok {
		if t, ok := a["Type"].(string); ok && t != "" {
			return t
		}
	}
	return node.Name + gen.Funcs["pascal"].(func(string) string)(f.Name)
}

// fill writes descriptions for the members of one definition.
func fill(def *ast.Definition) {
	if def.BuiltIn {
		return
	}
	switch def.Kind {
	case ast.Enum:
		if strings.HasSuffix(def.Name, "OrderField") {
			if def.Description == "" {
				def.Description = fmt.Sprintf("Properties by which %s connections can be ordered.", strings.TrimSuffix(def.Name, "OrderField"))
			}
			for _, v := range def.EnumValues {
				if v.Description == "" {
					v.Description = "Order by " + strings.ToLower(strings.ReplaceAll(v.Name, "_", " ")) + "."
				}
			}
		}
	case ast.InputObject:
		for _, f := range def.Fields {
			if f.Description == "" {
				f.Description = inputFieldDescription(def.Name, f.Name)
			}
		}
	case ast.Object, ast.Interface:
		for _, f := range def.Fields {
			if f.Description == "" {
				f.Description = objectFieldDescription(def.Name, f.Name)
			}
			fillArgs(f)
		}
	}
}

// PageRule is the page-size rule of every connection, as package limits
// enforces it (graph/schema_test.go checks the figure).
const PageRule = "Every connection needs first or last, not both, a page holds 0 to 100 items."

// argDescriptions are the descriptions of the arguments of connections.
var argDescriptions = map[string]string{
	"after":   "Returns the elements in the list that come after the specified cursor.",
	"first":   "Returns the first n elements from the list. " + PageRule,
	"before":  "Returns the elements in the list that come before the specified cursor.",
	"last":    "Returns the last n elements from the list. " + PageRule,
	"orderBy": "Ordering options for the returned list.",
	"where":   "Filtering options for the returned list.",
}

// fillArgs describes the well-known arguments of a field.
func fillArgs(f *ast.FieldDefinition) {
	for _, a := range f.Arguments {
		// entgql's own words for first and last leave out the page-size rule.
		if a.Description == "" || a.Name == "first" || a.Name == "last" {
			a.Description = argDescriptions[a.Name]
		}
	}
}

// objectFieldDescription describes fields of connection and edge types.
func objectFieldDescription(typeName, field string) string {
	switch {
	case strings.HasSuffix(typeName, "Connection") && field == "edges":
		return "A list of edges."
	case strings.HasSuffix(typeName, "Connection") && field == "pageInfo":
		return "Information to aid in pagination."
	case strings.HasSuffix(typeName, "Connection") && field == "totalCount":
		return "Identifies the total count of items in the connection."
	case strings.HasSuffix(typeName, "Edge") && field == "node":
		return "The item at the end of the edge."
	case strings.HasSuffix(typeName, "Edge") && field == "cursor":
		return "A cursor for use in pagination."
	}
	return "The " + words(field) + "."
}

// predicateSuffixes describe the field predicates of WhereInput types, longest first.
var predicateSuffixes = []struct{ suffix, text string }{
	{"ContainsFold", "contains the value, ignoring case"},
	{"EqualFold", "equals the value, ignoring case"},
	{"HasPrefix", "starts with the value"},
	{"HasSuffix", "ends with the value"},
	{"Contains", "contains the value"},
	{"NotNil", "is set"},
	{"IsNil", "is not set"},
	{"NotIn", "is none of the values"},
	{"NEQ", "differs from the value"},
	{"GTE", "is greater than or equal to the value"},
	{"LTE", "is less than or equal to the value"},
	{"GT", "is greater than the value"},
	{"LT", "is less than the value"},
	{"In", "is one of the values"},
}

// inputFieldDescription describes fields of generated input types.
func inputFieldDescription(typeName, field string) string {
	switch {
	case strings.HasSuffix(typeName, "WhereInput"):
		entity := strings.TrimSuffix(typeName, "WhereInput")
		switch field {
		case "not":
			return "Matches what the given filter does not match."
		case "and":
			return "Matches what all the given filters match."
		case "or":
			return "Matches what any of the given filters matches."
		}
		if strings.HasPrefix(field, "has") {
			edge := strings.TrimPrefix(field, "has")
			if strings.HasSuffix(edge, "With") {
				return fmt.Sprintf("Matches %s records whose %s match any of the given filters.", entity, words(lowerFirst(strings.TrimSuffix(edge, "With"))))
			}
			return fmt.Sprintf("Matches %s records that have (true) or lack (false) %s.", entity, words(lowerFirst(edge)))
		}
		for _, p := range predicateSuffixes {
			if strings.HasSuffix(field, p.suffix) && len(field) > len(p.suffix) {
				return fmt.Sprintf("Matches %s records whose %s %s.", entity, words(strings.TrimSuffix(field, p.suffix)), p.text)
			}
		}
		return fmt.Sprintf("Matches %s records whose %s equals the value.", entity, words(field))
	case strings.HasSuffix(typeName, "Order"):
		switch field {
		case "direction":
			return "The ordering direction."
		case "field":
			return "The field by which to order."
		}
	}
	switch {
	case strings.HasPrefix(field, "clear"):
		return "Set to true to clear the " + words(lowerFirst(strings.TrimPrefix(field, "clear"))) + "."
	case strings.HasPrefix(field, "add") && strings.HasSuffix(field, "IDs"):
		return "IDs to add to the " + words(lowerFirst(strings.TrimSuffix(strings.TrimPrefix(field, "add"), "IDs"))) + " list."
	case strings.HasPrefix(field, "remove") && strings.HasSuffix(field, "IDs"):
		return "IDs to remove from the " + words(lowerFirst(strings.TrimSuffix(strings.TrimPrefix(field, "remove"), "IDs"))) + " list."
	case strings.HasPrefix(field, "append"):
		return "Values to append to the " + words(lowerFirst(strings.TrimPrefix(field, "append"))) + " list."
	case strings.HasSuffix(field, "IDs"):
		return "IDs of the " + words(strings.TrimSuffix(field, "IDs")) + " to link."
	case strings.HasSuffix(field, "ID"):
		return "ID of the " + words(strings.TrimSuffix(field, "ID")) + "."
	}
	return "The " + words(field) + "."
}

// words turns a camelCase name into lower-case words: "reportedAt" -> "reported at".
func words(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r + 'a' - 'A')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lowerFirst lower-cases the first letter of a name.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
