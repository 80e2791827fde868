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

// MeetingPoint holds the schema definition for the MeetingPoint entity.
type MeetingPoint struct {
	ent.Schema
}

// Mixin of the MeetingPoint.
func (MeetingPoint) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("MeetingPoint"), TimeMixin{}}
}

// Fields of the MeetingPoint.
func (MeetingPoint) Fields() []ent.Field {
	return append([]ent.Field{
		communityField(),
		field.String("compound_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The compound the meeting point is in, if it is inside one."),
		field.Enum("kind").
			Values("DELIBERATION_ROOM", "MEDIATION_ROOM", "SERVICE_STATION", "DISCUSSION_CORNER", "ONLINE_HALL").
			Comment("What kind of meeting point it is.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"DELIBERATION_ROOM": "Police-resident deliberation room (警民议事室).",
					"MEDIATION_ROOM":    "Lawyer mediation room (律师调解室).",
					"SERVICE_STATION":   "Party-mass service station (党群服务站).",
					"DISCUSSION_CORNER": "\"Let's talk it over\" point inside a compound (有事好商量议事点).",
					"ONLINE_HALL":       "The online cloud deliberation hall (云议事厅).",
				},
			),
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("Name of the meeting point.").
			Annotations(entgql.OrderField("NAME")),
		field.String("address").
			Optional().
			MaxLen(200).
			Comment("Where it is; for the online hall, how to join."),
		field.String("opening_hours").
			Optional().
			MaxLen(200).
			Comment("Opening hours as shown to residents, such as 周一至周五 9:00-17:00."),
		field.Int("capacity").
			Optional().
			NonNegative().
			Comment("How many people it seats."),
	}, coordinateFields()...)
}

// Edges of the MeetingPoint.
func (MeetingPoint) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("meeting_points"),
		edge.From("compound", Compound.Type).
			Ref("meeting_points").
			Field("compound_id").
			Unique().
			Comment("The compound the meeting point is in, if it is inside one."),
		edge.To("duty_shifts", DutyShift.Type).
			Comment("The duty shifts at the meeting point.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("meetings", Meeting.Type).
			Comment("The meetings held at the meeting point.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("mediation_cases", MediationCase.Type).
			Comment("The mediation cases mediated here.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("mediation_sessions", MediationSession.Type).
			Comment("The mediation sessions held at the meeting point.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the MeetingPoint.
func (MeetingPoint) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "kind"),
	}
}

// Hooks of the MeetingPoint.
func (MeetingPoint) Hooks() []ent.Hook {
	return []ent.Hook{pairedCoordinates(), tenancy.Hook()}
}

// Annotations of the MeetingPoint.
func (MeetingPoint) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A meeting point (议事点) where residents deliberate and disputes are mediated."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the MeetingPoint: who may read and write it (see package authz).
func (MeetingPoint) Policy() ent.Policy {
	return authz.Policy("MeetingPoint")
}
