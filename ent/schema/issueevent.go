package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"wutong/authz"
	"wutong/casework"
	"wutong/ent/schema/gqldoc"
	"wutong/gid"
	"wutong/lifecycle"
	"wutong/tenancy"
)

// IssueEvent holds the schema definition for the IssueEvent entity.
type IssueEvent struct {
	ent.Schema
}

// Mixin of the IssueEvent.
func (IssueEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("IssueEvent")}
}

// Fields of the IssueEvent.
func (IssueEvent) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("issue_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The issue the entry belongs to."),
		field.String("actor_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The user who took the step, if a user did."),
		field.Enum("kind").
			Values("REPORTED", "STATUS_CHANGED", "ASSIGNED", "UNASSIGNED", "COMMENTED", "RATED", "UPDATED",
				"DISPATCHED", "DISPATCH_ACCEPTED", "DISPATCH_DECLINED", "ARRIVED", "DISPATCH_COMPLETED", "DUPLICATE_MARKED", "MEDIATION_OPENED", "MEDIATION_CONCLUDED", "PHOTO_ADDED").
			Immutable().
			Comment("What happened.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"REPORTED":            "The issue was reported.",
					"STATUS_CHANGED":      "The issue moved from one status to another.",
					"ASSIGNED":            "A user was assigned to the issue.",
					"UNASSIGNED":          "A user was taken off the issue.",
					"COMMENTED":           "A comment was added.",
					"RATED":               "The reporter rated the outcome.",
					"UPDATED":             "The details of the issue were changed.",
					"DISPATCHED":          "A patrol member was sent to the issue.",
					"DISPATCH_ACCEPTED":   "The patrol member sent accepted and is on the way.",
					"DISPATCH_DECLINED":   "The patrol member sent declined; the next nearest is sent.",
					"ARRIVED":             "A patrol member or officer arrived on the scene.",
					"DISPATCH_COMPLETED":  "The first response was completed.",
					"DUPLICATE_MARKED":    "Another issue was marked as a duplicate of this one.",
					"MEDIATION_OPENED":    "A mediation case was opened for the issue.",
					"MEDIATION_CONCLUDED": "The mediation case of the issue ended.",
					"PHOTO_ADDED":         "A photo was attached.",
				},
			),
		field.Enum("from_status").
			GoType(lifecycle.Reported).
			Optional().
			Nillable().
			Immutable().
			Comment("For a status change, the status before.").
			Annotations(entgql.Type("IssueStatus"), IssueStatuses),
		field.Enum("to_status").
			GoType(lifecycle.Reported).
			Optional().
			Nillable().
			Immutable().
			Comment("For a report or status change, the status after.").
			Annotations(entgql.Type("IssueStatus"), IssueStatuses),
		field.String("note").
			Optional().
			MaxLen(2000).
			Immutable().
			Comment("A short note on the step, such as who was assigned."),
		field.Time("occurred_at").
			Default(timeNow).
			Immutable().
			Comment("When it happened.").
			Annotations(entgql.OrderField("OCCURRED_AT")),
	}
}

// Edges of the IssueEvent.
func (IssueEvent) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("issue_events"),
		edge.From("issue", Issue.Type).
			Ref("events").
			Field("issue_id").
			Unique().
			Required().
			Immutable().
			Comment("The issue the entry belongs to."),
		edge.To("actor", User.Type).
			Field("actor_id").
			Unique().
			Immutable().
			Comment("The user who took the step, if a user did."),
	}
}

// Indexes of the IssueEvent.
func (IssueEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("issue_id", "occurred_at"),
		index.Fields("community_id", "kind", "occurred_at"),
	}
}

// Hooks of the IssueEvent.
func (IssueEvent) Hooks() []ent.Hook {
	return []ent.Hook{casework.EventHook(), tenancy.Hook()}
}

// Annotations of the IssueEvent.
func (IssueEvent) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An entry in an issue's timeline. Entries are written by the casework rules and never changed."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}

// Policy of the IssueEvent: who may read and write it (see package authz).
func (IssueEvent) Policy() ent.Policy {
	return authz.Policy("IssueEvent")
}
