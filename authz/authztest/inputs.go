// Package authztest finds, for the tests of the write rules, every create
// and update input that entgql generates and what each of its fields sets:
// the ent fields and edges a field's value reaches, learnt by applying the
// input with ent's own generated SetInput, so that no naming convention is
// guessed and a new input field cannot go unnoticed.
package authztest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"

	entgo "entgo.io/ent"

	"wutong/ent"
	"wutong/gid"
)

// Input is one generated input type: ent.CreateXInput or ent.UpdateXInput.
type Input struct {
	// Entity is the kind of record the input writes.
	Entity string
	// Create is true for a create input, false for an update input.
	Create bool
	// Type is the Go type of the input.
	Type reflect.Type
	// Fields are the input's fields, in declaration order.
	Fields []Field
}

// Name is the GraphQL name of the input type.
func (in Input) Name() string { return in.Type.Name() }

// Field is one field of an input.
type Field struct {
	// Name is the Go name of the field (IDCardNumber); its GraphQL name is
	// the same but for the case of its first letters (idCardNumber).
	Name string
	// Required fields are set on every create, even when left out.
	Required bool
	// Touches are the ent fields and edges the field sets, clears, adds to
	// or removes from.
	Touches []string
	// Inert is set for an appendX field, which entgql v0.7.0 applies with
	// the value of the X field: given alone it changes nothing.
	Inert bool
}

// Inputs lists the generated inputs of the entities, with what each of
// their fields touches.
func Inputs(entities []string) ([]Input, error) {
	c := ent.NewClient()
	var out []Input
	for _, e := range entities {
		for _, create := range []bool{true, false} {
			b, ok := builder(c, e, create, "x")
			if !ok {
				continue
			}
			set := b.MethodByName("SetInput")
			if !set.IsValid() {
				continue
			}
			in := Input{Entity: e, Create: create, Type: set.Type().In(0)}
			zero := touched(apply(b, reflect.New(in.Type).Elem()))
			for i := range in.Type.NumField() {
				sf := in.Type.Field(i)
				f := Field{Name: sf.Name, Required: required(sf)}
				if f.Required {
					name := snake(sf.Name)
					if !slices.Contains(zero, name) {
						return nil, fmt.Errorf("%s.%s: a required field whose ent name is not %q", in.Name(), sf.Name, name)
					}
					f.Touches = []string{name}
				} else {
					v := reflect.New(in.Type).Elem()
					v.Field(i).Set(Sample(sf.Type))
					b, _ := builder(c, e, create, "x")
					for _, n := range touched(apply(b, v)) {
						if !slices.Contains(zero, n) {
							f.Touches = append(f.Touches, n)
						}
					}
					if rest, ok := strings.CutPrefix(sf.Name, "Append"); ok && len(f.Touches) == 0 {
						// entgql v0.7.0's generated Mutate appends the value
						// of the Set field (CareFlags), not of the Append
						// field, so appendX alone changes nothing; it is
						// ruled as the field it names.
						f.Touches, f.Inert = []string{snake(rest)}, true
					}
					if len(f.Touches) == 0 {
						return nil, fmt.Errorf("%s.%s: sets nothing that can be told", in.Name(), sf.Name)
					}
				}
				in.Fields = append(in.Fields, f)
			}
			out = append(out, in)
		}
	}
	return out, nil
}

// required reports whether a field of an input is applied even when left
// out: plain values are; pointers, lists and Clear flags only when given.
func required(f reflect.StructField) bool {
	switch f.Type.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return false
	case reflect.Bool:
		return !strings.HasPrefix(f.Name, "Clear")
	}
	return true
}

// builder returns a new create builder of an entity, or an update builder
// of the record with the given ID, from a client or a transaction.
func builder(client any, entity string, create bool, id gid.ID) (reflect.Value, bool) {
	c := reflect.ValueOf(client).Elem().FieldByName(entity)
	if !c.IsValid() {
		return reflect.Value{}, false
	}
	if create {
		return c.MethodByName("Create").Call(nil)[0], true
	}
	return c.MethodByName("UpdateOneID").Call([]reflect.Value{reflect.ValueOf(id)})[0], true
}

// apply calls a builder's SetInput with an input value and returns the builder.
func apply(b, in reflect.Value) reflect.Value {
	return b.MethodByName("SetInput").Call([]reflect.Value{in})[0]
}

// mutation is the ent mutation a builder holds.
func mutation(b reflect.Value) entgo.Mutation {
	return b.MethodByName("Mutation").Call(nil)[0].Interface().(entgo.Mutation)
}

// touched lists the fields and edges a builder's mutation changes.
func touched(b reflect.Value) []string {
	m := mutation(b)
	names := slices.Concat(m.Fields(), m.ClearedFields(), m.AddedEdges(), m.RemovedEdges(), m.ClearedEdges())
	// ent's Fields leaves out appends to JSON lists (AppendedCareFlags).
	mv := reflect.ValueOf(m)
	for i := range mv.NumMethod() {
		if rest, ok := strings.CutPrefix(mv.Type().Method(i).Name, "Appended"); ok && rest != "" {
			if res := mv.Method(i).Call(nil); len(res) == 2 && res[1].Bool() {
				names = append(names, snake(rest))
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// Sample is a value of a type that an input applies: a non-nil pointer,
// a list of one element, true, 1, "x" or the present time.
func Sample(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		v.Elem().Set(Sample(t.Elem()))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(t, 1, 1))
		v.Index(0).Set(Sample(t.Elem()))
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Now()))
		}
	}
	return v
}

// Save applies an input value to a new builder of the entity on client (an
// *ent.Client or *ent.Tx) and saves it in ctx.
func Save(ctx context.Context, client any, in Input, id gid.ID, value reflect.Value) error {
	b, ok := builder(client, in.Entity, in.Create, id)
	if !ok {
		return fmt.Errorf("no client for %s", in.Entity)
	}
	out := apply(b, value).MethodByName("Save").Call([]reflect.Value{reflect.ValueOf(ctx)})
	err, _ := out[1].Interface().(error)
	return err
}

// snake turns a Go field name into ent's column spelling: IDCardNumber ->
// id_card_number, CommunityID -> community_id.
func snake(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && unicode.IsLower(runes[i-1])
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1]) && i > 0 && unicode.IsUpper(runes[i-1])
			if i > 0 && (prevLower || nextLower) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
