package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"wutong/ent/schema/gqldoc/lean"
	"wutong/graph"
	"wutong/limits"
	"wutong/store"
	"wutong/store/storetest"
)

// TestSchemaIsLean checks the shape of the schema a client sees: no
// ordering or text operators on IDs, no internal directives, no type that
// no operation reaches, identifiers typed ID, the page-size rule on every
// connection, and a Time scalar with its specification. It logs the
// schema's size (go test -run TestSchemaIsLean -v ./graph).
func TestSchemaIsLean(t *testing.T) {
	t.Parallel()
	s := graph.NewSchema(nil, nil, graph.Options{}).Schema()

	types, inputFields := 0, 0
	for name, def := range s.Types {
		if def.BuiltIn {
			continue
		}
		types++
		if def.Kind != ast.InputObject {
			continue
		}
		inputFields += len(def.Fields)
		ids := map[string]bool{}
		for _, f := range def.Fields {
			if f.Type.Name() == "ID" {
				ids[f.Name] = true
			}
		}
		for _, f := range def.Fields {
			if base, ok := lean.IDOperator(f.Name); ok && ids[base] {
				t.Errorf("%s.%s: an ID has no order and no inner text", name, f.Name)
			}
			if strings.HasPrefix(f.Name, "append") && strings.HasPrefix(name, "Update") {
				t.Errorf("%s.%s: entgql's append fields append the wrong list", name, f.Name)
			}
		}
	}
	var sdl strings.Builder
	formatter.NewFormatter(&sdl).FormatSchema(s)
	t.Logf("schema: %d types, %d input fields, %d bytes of SDL", types, inputFields, sdl.Len())

	for name := range s.Directives {
		for _, internal := range []string{"goField", "goModel", "goTag", "goExtraField", "goEnum", lean.NodeIDsDirective} {
			if name == internal {
				t.Errorf("@%s is an internal directive, yet the schema shows it", name)
			}
		}
	}

	for _, name := range unreachable(s) {
		t.Errorf("no operation reaches type %s", name)
	}

	for name, def := range s.Types {
		if def.BuiltIn || def.Kind == ast.InputObject {
			continue
		}
		for _, f := range def.Fields {
			if f.Type.Name() == "String" && (strings.HasSuffix(f.Name, "ID") || strings.HasSuffix(f.Name, "IDs")) {
				t.Errorf("%s.%s holds an identifier but is typed String", name, f.Name)
			}
			if !strings.HasSuffix(f.Type.Name(), "Connection") {
				continue
			}
			for _, arg := range []string{"first", "last"} {
				a := f.Arguments.ForName(arg)
				if a == nil {
					t.Errorf("%s.%s is a connection without %s", name, f.Name, arg)
					continue
				}
				if want := fmt.Sprintf("0 to %d", limits.Defaults().MaxPageSize); !strings.Contains(a.Description, want) {
					t.Errorf("%s.%s(%s) does not give the page-size rule (%q): %q", name, f.Name, arg, want, a.Description)
				}
			}
		}
	}

	tm := s.Types["Time"]
	if d := tm.Directives.ForName("specifiedBy"); d == nil || d.Arguments.ForName("url").Value.Raw != lean.RFC3339 {
		t.Errorf("Time is not @specifiedBy RFC 3339: %v", tm.Directives)
	}
}

// TestIntrospectionHidesInternalDirectives asks the server, as a client
// does, which directives it has.
func TestIntrospectionHidesInternalDirectives(t *testing.T) {
	t.Parallel()
	a := newAPI(t, storetest.Open(t, "sqlite3", store.Options{}))
	var out struct {
		Schema struct {
			Directives []struct{ Name string }
		} `json:"__schema"`
		Type struct {
			SpecifiedByURL string
		} `json:"__type"`
	}
	a.must(`{ __schema { directives { name } } __type(name: "Time") { specifiedByURL } }`, nil, &out)
	var names []string
	for _, d := range out.Schema.Directives {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, " "); strings.Contains(got, "go") || strings.Contains(got, lean.NodeIDsDirective) {
		t.Errorf("introspection shows internal directives: %s", got)
	}
	if out.Type.SpecifiedByURL != lean.RFC3339 {
		t.Errorf("Time.specifiedByURL = %q", out.Type.SpecifiedByURL)
	}
}

// unreachable lists the types that no root operation, argument or
// implementation of an interface reaches.
func unreachable(s *ast.Schema) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		def := s.Types[name]
		if def == nil {
			return
		}
		for _, f := range def.Fields {
			walk(f.Type.Name())
			for _, a := range f.Arguments {
				walk(a.Type.Name())
			}
		}
		for _, p := range s.PossibleTypes[name] {
			walk(p.Name)
		}
	}
	for _, root := range []string{"Query", "Mutation", "Subscription"} {
		walk(root)
	}
	var out []string
	for name, def := range s.Types {
		if !def.BuiltIn && !seen[name] {
			out = append(out, name)
		}
	}
	return out
}

// TestNodesAnswerPerElement sends a malformed ID, an ID of no record and a
// good one to nodes, beside another field: only the bad elements are null,
// each with its own error, and the siblings are answered (before, one
// malformed ID failed the whole request).
func TestNodesAnswerPerElement(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		missing := "IS" + strings.Repeat("0", 26)
		for _, ids := range [][]string{{f.community, "garbage", missing}, {"garbage"}} {
			r := a.do(`query($ids: [ID!]!, $bad: ID!) { nodes(ids: $ids) { id } node(id: $bad) { id } me { id } }`,
				map[string]any{"ids": ids, "bad": "garbage"})
			var out struct {
				Nodes []*struct{ ID string }
				Node  *struct{ ID string }
				Me    *struct{ ID string }
			}
			if err := json.Unmarshal(r.Data, &out); err != nil || out.Me == nil {
				t.Fatalf("%v: siblings not answered: %s %+v", ids, r.Data, r.Errors)
			}
			if len(out.Nodes) != len(ids) || out.Node != nil {
				t.Fatalf("%v: %s", ids, r.Data)
			}
			for i, id := range ids {
				if (id == f.community) != (out.Nodes[i] != nil) {
					t.Errorf("%v: element %d is %+v", ids, i, out.Nodes[i])
				}
			}
			codes := map[string]string{}
			for _, e := range r.Errors {
				codes[fmt.Sprint(e.Path)] = fmt.Sprint(e.Extensions["code"])
			}
			if codes["[node]"] != "BAD_USER_INPUT" {
				t.Errorf("%v: node(id: garbage): %v", ids, codes)
			}
			for i, id := range ids {
				path := fmt.Sprintf("[nodes %d]", i)
				switch id {
				case "garbage":
					if codes[path] != "BAD_USER_INPUT" {
						t.Errorf("%v: %s: %v", ids, path, codes)
					}
				case missing:
					if codes[path] != "NOT_FOUND" {
						t.Errorf("%v: %s: %v", ids, path, codes)
					}
				}
			}
		}
	})
}
