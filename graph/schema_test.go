package graph_test

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"wutong/graph"
)

// TestSchemaIsDescribed ensures every type, field, argument and enum value
// of the API has a description, as GraphiQL users rely on them.
func TestSchemaIsDescribed(t *testing.T) {
	t.Parallel()
	s := graph.NewSchema(nil, nil, graph.Options{}).Schema()
	var missing []string
	for name, def := range s.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		if def.Description == "" {
			missing = append(missing, name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if f.Description == "" {
				missing = append(missing, name+"."+f.Name)
			}
			for _, a := range f.Arguments {
				if a.Description == "" {
					missing = append(missing, name+"."+f.Name+"("+a.Name+")")
				}
			}
		}
		if def.Kind == ast.Enum {
			for _, v := range def.EnumValues {
				if v.Description == "" {
					missing = append(missing, name+"."+v.Name)
				}
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d schema elements have no description, such as: %s", len(missing), strings.Join(first(missing, 30), ", "))
	}
}

// TestSensitiveFieldsAreNotFilters ensures phone and ID-card numbers cannot be
// used to filter or order, so a filter cannot tell whether a number exists.
func TestSensitiveFieldsAreNotFilters(t *testing.T) {
	t.Parallel()
	s := graph.NewSchema(nil, nil, graph.Options{}).Schema()
	for _, typ := range []string{"ResidentWhereInput", "UserWhereInput"} {
		for _, f := range s.Types[typ].Fields {
			for _, bad := range []string{"phone", "idCard", "building", "unit", "room", "careFlags"} {
				if strings.HasPrefix(f.Name, bad) {
					t.Errorf("%s.%s filters on sensitive personal information", typ, f.Name)
				}
			}
		}
	}
	for _, v := range s.Types["ResidentOrderField"].EnumValues {
		if strings.Contains(v.Name, "PHONE") || strings.Contains(v.Name, "ID_CARD") {
			t.Errorf("residents can be ordered by %s", v.Name)
		}
	}
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
