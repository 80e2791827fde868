package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"wutong/authz"
	"wutong/ent/schema/gqldoc"
	"wutong/gid"
	"wutong/tenancy"
)

// ServiceRecord holds the schema definition for the ServiceRecord entity.
type ServiceRecord struct {
	ent.Schema
}

// Mixin of the ServiceRecord.
func (ServiceRecord) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("ServiceRecord"), TimeMixin{}}
}

// Fields of the ServiceRecord.
func (ServiceRecord) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("steward_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The steward who served."),
		field.String("resident_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The resident served, if the service was for one person."),
		field.Enum("kind").
			Values("VISIT", "CARE_CHECK", "BUILDING_PATROL", "MEDIATION_SUPPORT", "PUBLICITY", "OTHER").
			Comment("What kind of service it was.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"VISIT":             "A home visit.",
					"CARE_CHECK":        "A check on a vulnerable resident, such as an elderly person living alone.",
					"BUILDING_PATROL":   "A walk through the assigned buildings looking for hazards.",
					"MEDIATION_SUPPORT": "Helping to settle a dispute between neighbours.",
					"PUBLICITY":         "Safety publicity or policy explanation.",
					"OTHER":             "Any other service.",
				},
			),
		field.Time("served_at").
			Comment("When the service began.").
			Annotations(entgql.OrderField("SERVED_AT")),
		field.Int("duration_minutes").
			Range(1, 24*60).
			Comment("How long the service took, in minutes; counted in steward service hours."),
		field.Text("notes").
			Optional().
			MaxLen(4000).
			Comment("What was done and found."),
	}
}

// Edges of the ServiceRecord.
func (ServiceRecord) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("service_records"),
		edge.From("steward", Steward.Type).
			Ref("service_records").
			Field("steward_id").
			Unique().
			Required().
			Immutable().
			Comment("The steward who served."),
		edge.To("resident", Resident.Type).
			Field("resident_id").
			Unique().
			Comment("The resident served, if the service was for one person."),
	}
}

// Indexes of the ServiceRecord.
func (ServiceRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("steward_id", "served_at"),
		index.Fields("community_id", "served_at"),
	}
}

// Hooks of the ServiceRecord.
func (ServiceRecord) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the ServiceRecord.
func (ServiceRecord) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An entry in a steward's log of service."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the ServiceRecord: who may read and write it (see package authz).
func (ServiceRecord) Policy() ent.Policy {
	return authz.Policy("ServiceRecord")
}
