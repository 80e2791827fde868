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

// Meeting holds the schema definition for the Meeting entity.
type Meeting struct {
	ent.Schema
}

// Mixin of the Meeting.
func (Meeting) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Meeting"), TimeMixin{}}
}

// Fields of the Meeting.
func (Meeting) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("meeting_point_id").
			GoType(gid.ID("")).
			Optional().
			Comment("Where the meeting was held, if at a meeting point."),
		field.String("topic").
			NotEmpty().
			MaxLen(200).
			Comment("What the meeting was about.").
			Annotations(entgql.OrderField("TOPIC")),
		field.JSON("agenda", []string{}).
			Optional().
			Comment("The agenda items, in order."),
		field.Time("starts_at").
			Comment("When the meeting began.").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Optional().
			Nillable().
			Comment("When the meeting ended; after it began."),
		field.Text("minutes").
			Optional().
			MaxLen(20000).
			Comment("The minutes (会议纪要)."),
		field.JSON("decisions", []string{}).
			Optional().
			Comment("The decisions taken, one per item."),
	}
}

// Edges of the Meeting.
func (Meeting) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("meetings"),
		edge.From("meeting_point", MeetingPoint.Type).
			Ref("meetings").
			Field("meeting_point_id").
			Unique().
			Comment("Where the meeting was held, if at a meeting point."),
		edge.To("attendees", Resident.Type).
			Comment("The residents who attended.").
			Annotations(entgql.RelayConnection()),
		edge.To("staff", User.Type).
			Comment("The staff, police and others who attended.").
			Annotations(entgql.RelayConnection()),
		edge.To("issues", Issue.Type).
			Comment("The issues the meeting took up.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the Meeting.
func (Meeting) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "starts_at"),
		index.Fields("meeting_point_id", "starts_at"),
	}
}

// Hooks of the Meeting.
func (Meeting) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("starts_at", "ends_at"), tenancy.Hook()}
}

// Annotations of the Meeting.
func (Meeting) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A meeting (议事会): a deliberation held at a meeting point, with its agenda, attendees, minutes, decisions and the issues it took up."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Meeting: who may read and write it (see package authz).
func (Meeting) Policy() ent.Policy {
	return authz.Policy("Meeting")
}
