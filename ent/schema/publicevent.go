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

// PublicEvent holds the schema definition for the PublicEvent entity.
type PublicEvent struct {
	ent.Schema
}

// Mixin of the PublicEvent.
func (PublicEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("PublicEvent"), TimeMixin{}}
}

// Fields of the PublicEvent.
func (PublicEvent) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("venue_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The venue, an organization such as a stadium."),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Name of the event, such as 区中小学生运动会.").
			Annotations(entgql.OrderField("NAME")),
		field.String("organizer").
			Optional().
			MaxLen(200).
			Comment("Who organises the event."),
		field.Time("starts_at").
			Comment("When the event begins.").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Comment("When the event ends; after it begins.").
			Annotations(entgql.OrderField("ENDS_AT")),
		field.Int("expected_attendance").
			Optional().
			NonNegative().
			Comment("How many people are expected.").
			Annotations(entgql.OrderField("EXPECTED_ATTENDANCE")),
		field.Text("security_notes").
			Optional().
			MaxLen(10000).
			Comment("The security plan and what happened."),
	}
}

// Edges of the PublicEvent.
func (PublicEvent) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("public_events"),
		edge.From("venue", Organization.Type).
			Ref("events").
			Field("venue_id").
			Unique().
			Comment("The venue."),
		edge.To("security_shifts", PatrolShift.Type).
			Comment("The patrol shifts that secure the event.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the PublicEvent.
func (PublicEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "starts_at"),
		index.Fields("venue_id", "starts_at"),
	}
}

// Hooks of the PublicEvent.
func (PublicEvent) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("starts_at", "ends_at"), tenancy.Hook()}
}

// Annotations of the PublicEvent.
func (PublicEvent) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A large public event (大型活动) at a venue, such as a school sports meet, with its security shifts."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the PublicEvent: who may read and write it (see package authz).
func (PublicEvent) Policy() ent.Policy {
	return authz.Policy("PublicEvent")
}
