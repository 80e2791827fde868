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

// DutyShift holds the schema definition for the DutyShift entity.
type DutyShift struct {
	ent.Schema
}

// DutyBodies are the bodies that take turns on duty at a meeting point.
var DutyBodies = gqldoc.Values{
	"COMMUNITY_PARTY_COMMITTEE": "The community party committee (社区党委).",
	"RESIDENTS_COMMITTEE":       "The residents' committee (居委会).",
	"HOMEOWNERS_COMMITTEE":      "A homeowners' committee (业委会).",
	"POLICE":                    "The community police office (社区警务室).",
	"PROPERTY_COMPANY":          "A property company (物业公司).",
	"VOLUNTEERS":                "Volunteers, such as party-member stewards.",
	"LAWYERS":                   "Volunteer lawyers.",
}

// Mixin of the DutyShift.
func (DutyShift) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("DutyShift"), TimeMixin{}}
}

// Fields of the DutyShift.
func (DutyShift) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("meeting_point_id").
			GoType(gid.ID("")).
			Comment("The meeting point staffed."),
		field.Enum("body").
			Values("COMMUNITY_PARTY_COMMITTEE", "RESIDENTS_COMMITTEE", "HOMEOWNERS_COMMITTEE", "POLICE", "PROPERTY_COMPANY", "VOLUNTEERS", "LAWYERS").
			Comment("The body on duty.").
			Annotations(entgql.Type("DutyBody"), entgql.OrderField("BODY"), DutyBodies),
		field.Time("starts_at").
			Comment("When the shift begins.").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Comment("When the shift ends; after it begins.").
			Annotations(entgql.OrderField("ENDS_AT")),
		field.String("note").
			Optional().
			MaxLen(500).
			Comment("What the shift is for, such as 接待群众来访."),
	}
}

// Edges of the DutyShift.
func (DutyShift) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("duty_shifts"),
		edge.From("meeting_point", MeetingPoint.Type).
			Ref("duty_shifts").
			Field("meeting_point_id").
			Unique().
			Required().
			Comment("The meeting point staffed."),
		edge.To("staff", User.Type).
			Comment("The people on duty, if named.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the DutyShift.
func (DutyShift) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("meeting_point_id", "starts_at"),
		index.Fields("community_id", "starts_at"),
	}
}

// Hooks of the DutyShift.
func (DutyShift) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("starts_at", "ends_at"), tenancy.Hook()}
}

// Annotations of the DutyShift.
func (DutyShift) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A duty shift (值班): who is on duty at a meeting point when. The service station rotates weekly between the community committees, the homeowners' committee and the police."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the DutyShift: who may read and write it (see package authz).
func (DutyShift) Policy() ent.Policy {
	return authz.Policy("DutyShift")
}
