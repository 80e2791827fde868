package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"wutong/gid"
)

// IDMixin gives an entity an opaque, prefixed ID (see package gid).
type IDMixin struct {
	mixin.Schema
	typeName string
}

// idOf returns the ID mixin of the named entity type.
func idOf(typeName string) IDMixin {
	gid.PrefixOf(typeName) // fail at generation time for an unregistered type
	return IDMixin{typeName: typeName}
}

// Fields of the IDMixin.
func (m IDMixin) Fields() []ent.Field {
	typeName := m.typeName
	return []ent.Field{
		field.String("id").
			GoType(gid.ID("")).
			DefaultFunc(func() gid.ID { return gid.New(typeName) }).
			Immutable().
			Comment("Opaque ID of the record."),
	}
}

// TimeMixin records when a record was created and last changed.
type TimeMixin struct {
	mixin.Schema
}

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(time.Now).
			Immutable().
			Comment("When the record was created.").
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(time.Now).
			UpdateDefault(time.Now).
			Comment("When the record was last changed.").
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// communityField is the community_id column that every table holding a
// community's data carries itself, so that tenancy is one indexed predicate.
func communityField() ent.Field {
	return field.String("community_id").
		GoType(gid.ID("")).
		Immutable().
		Comment("The community the record belongs to.")
}

// communityEdge links a record to its community; ref names the back-reference
// on Community. A record never moves to another community.
func communityEdge(ref string) ent.Edge {
	return edge.From("community", Community.Type).
		Ref(ref).
		Field("community_id").
		Unique().
		Required().
		Immutable().
		Comment("The community the record belongs to.")
}

// coordinateFields are a WGS-84 position, both set or both empty.
func coordinateFields() []ent.Field {
	return []ent.Field{
		field.Float("latitude").
			Optional().
			Nillable().
			Min(-90).
			Max(90).
			Comment("WGS-84 latitude in degrees."),
		field.Float("longitude").
			Optional().
			Nillable().
			Min(-180).
			Max(180).
			Comment("WGS-84 longitude in degrees."),
	}
}

// timeNow is time.Now, named for use as a field default.
func timeNow() time.Time { return time.Now() }
