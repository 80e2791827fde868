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
	"wutong/unique"
)

// MediationCase holds the schema definition for the MediationCase entity.
type MediationCase struct {
	ent.Schema
}

// Mixin of the MediationCase.
func (MediationCase) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("MediationCase"), TimeMixin{}}
}

// Fields of the MediationCase.
func (MediationCase) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("issue_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The dispute taken to mediation."),
		field.String("meeting_point_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The meeting point where the case is mediated, if any."),
		field.String("title").
			NotEmpty().
			MaxLen(200).
			Comment("A short name for the case.").
			Annotations(entgql.OrderField("TITLE")),
		field.Enum("status").
			Values("OPEN", "CLOSED").
			Default("OPEN").
			Comment("Whether the case is still being mediated.").
			Annotations(
				readOnly,
				entgql.OrderField("STATUS"),
				gqldoc.Values{
					"OPEN":   "Being mediated.",
					"CLOSED": "Ended with an outcome.",
				},
			),
		field.Enum("outcome").
			Values("AGREEMENT", "PARTIAL", "FAILED", "REFERRED").
			Optional().
			Nillable().
			Comment("How the case ended.").
			Annotations(
				readOnly,
				entgql.OrderField("OUTCOME"),
				gqldoc.Values{
					"AGREEMENT": "The parties reached an agreement (调解成功).",
					"PARTIAL":   "The parties agreed on part of the matter.",
					"FAILED":    "No agreement was reached.",
					"REFERRED":  "Referred to a court, an arbitration body or another department.",
				},
			),
		field.Text("agreement").
			Optional().
			MaxLen(20000).
			Comment("The text of the agreement (调解协议).").
			Annotations(readOnly),
		field.Time("opened_at").
			Default(timeNow).
			Comment("When the case was opened.").
			Annotations(entgql.OrderField("OPENED_AT")),
		field.Time("closed_at").
			Optional().
			Nillable().
			Comment("When the case ended.").
			Annotations(entgql.OrderField("CLOSED_AT"), readOnly),
		field.Time("follow_up_on").
			Optional().
			Nillable().
			Comment("When to check that the agreement holds (回访)."),
	}
}

// Edges of the MediationCase.
func (MediationCase) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("mediation_cases"),
		edge.From("issue", Issue.Type).
			Ref("mediation_cases").
			Field("issue_id").
			Unique().
			Comment("The dispute taken to mediation."),
		edge.From("meeting_point", MeetingPoint.Type).
			Ref("mediation_cases").
			Field("meeting_point_id").
			Unique().
			Comment("The meeting point where the case is mediated, if any."),
		edge.To("parties", MediationParty.Type).
			Comment("The parties: residents who applied or responded.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("mediators", User.Type).
			Comment("The mediators: police officers, lawyers, community staff.").
			Annotations(entgql.RelayConnection()),
		edge.To("sessions", MediationSession.Type).
			Comment("The mediation sessions held.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the MediationCase.
func (MediationCase) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "opened_at"),
		index.Fields("community_id", "status"),
		index.Fields("issue_id"),
	}
}

// Hooks of the MediationCase.
func (MediationCase) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("opened_at", "closed_at"), tenancy.Hook()}
}

// Annotations of the MediationCase.
func (MediationCase) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A mediation case (调解案件): a dispute taken to mediation, with its parties, mediators, sessions and outcome."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationUpdate()),
	}
}

// Policy of the MediationCase: who may read and write it (see package authz).
func (MediationCase) Policy() ent.Policy {
	return authz.Policy("MediationCase")
}

// MediationParty holds the schema definition for the MediationParty entity.
type MediationParty struct {
	ent.Schema
}

// Mixin of the MediationParty.
func (MediationParty) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("MediationParty"), TimeMixin{}}
}

// Fields of the MediationParty.
func (MediationParty) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("case_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The case."),
		field.String("resident_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The resident who is a party."),
		field.Enum("role").
			Values("APPLICANT", "RESPONDENT").
			Comment("Which side the resident is on.").
			Annotations(
				entgql.Type("MediationPartyRole"),
				entgql.OrderField("ROLE"),
				gqldoc.Values{
					"APPLICANT":  "Asked for mediation (申请人).",
					"RESPONDENT": "The other side (被申请人).",
				},
			),
	}
}

// Edges of the MediationParty.
func (MediationParty) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("mediation_parties"),
		edge.From("case", MediationCase.Type).
			Ref("parties").
			Field("case_id").
			Unique().
			Required().
			Immutable().
			Comment("The case."),
		edge.From("resident", Resident.Type).
			Ref("mediation_parties").
			Field("resident_id").
			Unique().
			Required().
			Immutable().
			Comment("The resident who is a party."),
	}
}

// Indexes of the MediationParty.
func (MediationParty) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("case_id", "resident_id").Unique(),
		index.Fields("resident_id"),
	}
}

// Hooks of the MediationParty.
func (MediationParty) Hooks() []ent.Hook {
	return []ent.Hook{unique.Together("party", "residentID", "case_id", "resident_id"), tenancy.Hook()}
}

// Annotations of the MediationParty.
func (MediationParty) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A party to a mediation case: a resident on the applying or responding side."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the MediationParty: who may read and write it (see package authz).
func (MediationParty) Policy() ent.Policy {
	return authz.Policy("MediationParty")
}

// MediationSession holds the schema definition for the MediationSession entity.
type MediationSession struct {
	ent.Schema
}

// Mixin of the MediationSession.
func (MediationSession) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("MediationSession"), TimeMixin{}}
}

// Fields of the MediationSession.
func (MediationSession) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("case_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The case."),
		field.String("meeting_point_id").
			GoType(gid.ID("")).
			Optional().
			Comment("Where the session was held, if at a meeting point."),
		field.String("place").
			Optional().
			MaxLen(200).
			Comment("Where the session was held, in words, such as 社区警务室."),
		field.Time("started_at").
			Comment("When the session began.").
			Annotations(entgql.OrderField("STARTED_AT")),
		field.Int("duration_minutes").
			Range(1, 24*60).
			Comment("How long the session lasted, in minutes."),
		field.Text("notes").
			Optional().
			MaxLen(20000).
			Comment("What was said and agreed."),
	}
}

// Edges of the MediationSession.
func (MediationSession) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("mediation_sessions"),
		edge.From("case", MediationCase.Type).
			Ref("sessions").
			Field("case_id").
			Unique().
			Required().
			Immutable().
			Comment("The case."),
		edge.From("meeting_point", MeetingPoint.Type).
			Ref("mediation_sessions").
			Field("meeting_point_id").
			Unique().
			Comment("Where the session was held, if at a meeting point."),
	}
}

// Indexes of the MediationSession.
func (MediationSession) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("case_id", "started_at"),
		index.Fields("community_id", "started_at"),
	}
}

// Hooks of the MediationSession.
func (MediationSession) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the MediationSession.
func (MediationSession) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A mediation session: one sitting of a mediation case, with its place and duration."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationUpdate()),
	}
}

// Policy of the MediationSession: who may read and write it (see package authz).
func (MediationSession) Policy() ent.Policy {
	return authz.Policy("MediationSession")
}
