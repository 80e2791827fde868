package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"wutong/authz"
	"wutong/gid"
	"wutong/tenancy"
)

// Steward holds the schema definition for the Steward entity.
type Steward struct {
	ent.Schema
}

// Mixin of the Steward.
func (Steward) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Steward"), TimeMixin{}}
}

// Fields of the Steward.
func (Steward) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("resident_id").
			GoType(gid.ID("")).
			Unique().
			Immutable().
			Comment("The resident who serves as steward."),
		field.String("work_unit").
			Optional().
			MaxLen(100).
			Comment("The work unit whose party organisation the steward also reports to (双报到)."),
		field.Time("reported_at").
			Default(timeNow).
			Comment("When the steward reported to the community.").
			Annotations(entgql.OrderField("REPORTED_AT")),
		field.JSON("buildings", []string{}).
			Optional().
			Comment("Buildings the steward watches over, such as \"3号楼\"."),
		field.Bool("active").
			Default(true).
			Comment("Whether the steward currently serves."),
	}
}

// Edges of the Steward.
func (Steward) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("stewards"),
		edge.From("resident", Resident.Type).
			Ref("steward").
			Field("resident_id").
			Unique().
			Required().
			Immutable().
			Comment("The resident who serves as steward."),
		edge.To("compounds", Compound.Type).
			Comment("The compounds assigned to the steward.").
			Annotations(entgql.RelayConnection()),
		edge.To("service_records", ServiceRecord.Type).
			Comment("The steward's log of service.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Indexes of the Steward.
func (Steward) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "reported_at"),
	}
}

// Hooks of the Steward.
func (Steward) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the Steward.
func (Steward) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A party-member steward (红色楼长): a resident who is a party member, has reported to the community and watches over assigned compounds and buildings."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Steward: who may read and write it (see package authz).
func (Steward) Policy() ent.Policy {
	return authz.Policy("Steward")
}
