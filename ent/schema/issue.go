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

// Issue holds the schema definition for the Issue entity.
type Issue struct {
	ent.Schema
}

// IssueStatuses are the states of an issue's lifecycle.
var IssueStatuses = gqldoc.Values{
	"REPORTED":     "Reported and waiting to be acknowledged.",
	"ACKNOWLEDGED": "Seen by staff or police and accepted as work.",
	"IN_PROGRESS":  "Being worked on.",
	"RESOLVED":     "Resolved; the reporter may rate the outcome.",
	"CLOSED":       "Closed after resolution.",
	"REOPENED":     "Reopened after resolution because the problem came back.",
	"DUPLICATE":    "The same as another open issue, which is followed instead.",
	"REJECTED":     "Not something the community can act on.",
}

// readOnly keeps a field out of the generated mutation inputs: the casework
// rules set it.
var readOnly = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// Mixin of the Issue.
func (Issue) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Issue"), TimeMixin{}}
}

// Fields of the Issue.
func (Issue) Fields() []ent.Field {
	return append([]ent.Field{
		communityField(),
		field.String("grid_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The grid the issue is in, if known."),
		field.String("compound_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The compound the issue is about, if any."),
		field.String("patrol_shift_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a problem found on patrol, the shift that found it."),
		field.String("reporter_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The resident who reported the issue, if a resident did."),
		field.String("reported_by_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The user who entered the report: the reporter in the app, or staff taking a call.").
			Annotations(readOnly),
		field.String("title").
			NotEmpty().
			MaxLen(200).
			Comment("One line saying what is wrong.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").
			Optional().
			MaxLen(10000).
			Comment("The full report."),
		field.Enum("kind").
			Values("DISPUTE", "HAZARD", "EMERGENCY", "PUBLIC_AFFAIR", "HELP_REQUEST", "INQUIRY").
			Comment("What kind of issue it is.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"DISPUTE":       "A dispute between residents, families, landlords and tenants or neighbours (矛盾纠纷).",
					"HAZARD":        "A safety hazard, such as a blocked fire exit (安全隐患).",
					"EMERGENCY":     "Someone needs help now (紧急求助).",
					"PUBLIC_AFFAIR": "A matter of shared concern: garbage, old elevators, unpaid heating and water fees (公共事务).",
					"HELP_REQUEST":  "A resident asks for help with something.",
					"INQUIRY":       "A question to the community or the police.",
				},
			),
		field.Enum("category").
			Values("PROPERTY", "TENANCY", "NEIGHBOURS", "FAMILY", "FEES", "SANITATION", "FACILITIES", "NOISE", "PARKING", "SAFETY", "OTHER").
			Default("OTHER").
			Comment("The subject of the issue.").
			Annotations(
				entgql.OrderField("CATEGORY"),
				gqldoc.Values{
					"PROPERTY":   "Ownership or use of a flat or other property.",
					"TENANCY":    "Between landlords and tenants, or between tenants.",
					"NEIGHBOURS": "Between neighbours, such as a leak from the flat above.",
					"FAMILY":     "Within a family.",
					"FEES":       "Property, heating or water fees.",
					"SANITATION": "Garbage and cleanliness.",
					"FACILITIES": "Shared facilities such as elevators, pipes and lights.",
					"NOISE":      "Noise.",
					"PARKING":    "Parking and vehicles.",
					"SAFETY":     "Public safety and fire safety.",
					"OTHER":      "Anything else.",
				},
			),
		field.Enum("channel").
			Values("APP", "ONLINE_HALL", "WALK_IN", "PHONE", "PATROL", "POLICE_CALL").
			Default("APP").
			Comment("How the issue reached the community.").
			Annotations(
				entgql.OrderField("CHANNEL"),
				gqldoc.Values{
					"APP":         "Reported in the mobile app.",
					"ONLINE_HALL": "Raised in the online deliberation hall.",
					"WALK_IN":     "Reported in person at a meeting point or the police office.",
					"PHONE":       "Reported by telephone.",
					"PATROL":      "Found by the patrol team on a shift.",
					"POLICE_CALL": "A call to the police (110) passed to the community police office.",
				},
			),
		field.Enum("priority").
			Values("LOW", "NORMAL", "HIGH", "URGENT").
			Default("NORMAL").
			Comment("How soon the issue needs attention.").
			Annotations(
				entgql.OrderField("PRIORITY"),
				gqldoc.Values{
					"LOW":    "Can wait.",
					"NORMAL": "Within the usual time.",
					"HIGH":   "Today.",
					"URGENT": "Now: someone may be in danger.",
				},
			),
		field.Enum("status").
			GoType(lifecycle.Reported).
			Default(string(lifecycle.Reported)).
			Comment("Where the issue stands in its lifecycle.").
			Annotations(entgql.Type("IssueStatus"), entgql.OrderField("STATUS"), readOnly, IssueStatuses),
		field.Enum("incident_class").
			Values("NONE", "PREVENTABLE", "CRIMINAL").
			Default("NONE").
			Comment("For police statistics: whether the issue is a preventable or criminal case.").
			Annotations(
				entgql.OrderField("INCIDENT_CLASS"),
				gqldoc.Values{
					"NONE":        "Not a case.",
					"PREVENTABLE": "A preventable case, such as theft or fraud (可防性案件).",
					"CRIMINAL":    "A criminal case (刑事案件).",
				},
			),
		field.Bool("anonymous").
			Default(false).
			Comment("Whether the reporter is hidden from other residents."),
		field.String("address").
			Optional().
			MaxLen(200).
			Comment("Where the issue is, in words."),
		field.Time("reported_at").
			Default(timeNow).
			Immutable().
			Comment("When the issue was reported.").
			Annotations(entgql.OrderField("REPORTED_AT"), entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.Time("acknowledged_at").
			Optional().
			Nillable().
			Comment("When the issue was first acknowledged.").
			Annotations(entgql.OrderField("ACKNOWLEDGED_AT"), readOnly),
		field.Time("started_at").
			Optional().
			Nillable().
			Comment("When work on the issue first started.").
			Annotations(readOnly),
		field.Time("first_arrival_at").
			Optional().
			Nillable().
			Comment("When a patrol member or officer first arrived on the scene.").
			Annotations(readOnly),
		field.Time("resolved_at").
			Optional().
			Nillable().
			Comment("When the issue was last resolved.").
			Annotations(entgql.OrderField("RESOLVED_AT"), readOnly),
		field.Time("closed_at").
			Optional().
			Nillable().
			Comment("When the issue was closed, rejected or marked duplicate.").
			Annotations(readOnly),
		field.Int("rating").
			Optional().
			Nillable().
			Range(1, 5).
			Comment("The reporter's rating of the outcome, 1 (poor) to 5 (excellent); once the issue is resolved.").
			Annotations(readOnly),
		field.Text("feedback").
			Optional().
			MaxLen(2000).
			Comment("The reporter's words with the rating.").
			Annotations(readOnly),
		field.Text("resolution").
			Optional().
			MaxLen(4000).
			Comment("What was done about the issue, or why it was rejected.").
			Annotations(readOnly),
		field.Int("version").
			Default(0).
			Comment("Counts the changes to the issue. Send it with a lifecycle step to make sure nobody changed the issue since you read it.").
			Annotations(readOnly),
		field.String("repeat_of_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a police call, the earlier call about the same place and matter that it repeats.").
			Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		field.String("duplicate_of_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a duplicate, the issue that is followed instead.").
			Annotations(readOnly),
	}, coordinateFields()...)
}

// Edges of the Issue.
func (Issue) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("issues"),
		edge.From("grid", Grid.Type).
			Ref("issues").
			Field("grid_id").
			Unique().
			Comment("The grid the issue is in, if known."),
		edge.From("compound", Compound.Type).
			Ref("issues").
			Field("compound_id").
			Unique().
			Comment("The compound the issue is about, if any."),
		edge.From("reporter", Resident.Type).
			Ref("reported_issues").
			Field("reporter_id").
			Unique().
			Comment("The resident who reported the issue."),
		edge.To("reported_by", User.Type).
			Field("reported_by_id").
			Unique().
			Immutable().
			Comment("The user who entered the report.").
			Annotations(readOnly),
		edge.To("assignees", User.Type).
			Through("assignments", IssueAssignee.Type).
			Comment("The users working on the issue.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("photos", IssuePhoto.Type).
			Comment("Photos attached to the issue and its comments.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("comments", IssueComment.Type).
			Comment("Comments on the issue, oldest first by default.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("events", IssueEvent.Type).
			Comment("The issue's timeline: every step it went through.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("repeats", Issue.Type).
			Comment("Later police calls that repeat this one.").
			Annotations(entgql.RelayConnection(), readOnly).
			From("repeat_of").
			Field("repeat_of_id").
			Unique().
			Comment("The earlier police call this one repeats.").
			Annotations(entgql.Skip(entgql.SkipMutationUpdateInput)),
		edge.To("duplicates", Issue.Type).
			Comment("Issues marked as duplicates of this one.").
			Annotations(entgql.RelayConnection(), readOnly).
			From("duplicate_of").
			Field("duplicate_of_id").
			Unique().
			Comment("The issue followed instead of this duplicate.").
			Annotations(readOnly),
		edge.To("mediation_cases", MediationCase.Type).
			Comment("The mediation cases opened for the issue.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("dispatches", Dispatch.Type).
			Comment("The patrol dispatches sent to the issue.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("meetings", Meeting.Type).
			Ref("issues").
			Comment("The meetings that took the issue up.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("patrol_shift", PatrolShift.Type).
			Ref("found_issues").
			Field("patrol_shift_id").
			Unique().
			Comment("For a problem found on patrol, the shift that found it."),
	}
}

// Indexes of the Issue.
func (Issue) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "status", "reported_at"),
		index.Fields("community_id", "reported_at"),
		index.Fields("grid_id", "status", "reported_at"),
		index.Fields("compound_id", "reported_at"),
		index.Fields("reporter_id", "reported_at"),
		index.Fields("community_id", "channel", "category", "reported_at"),
	}
}

// Hooks of the Issue.
func (Issue) Hooks() []ent.Hook {
	return []ent.Hook{casework.IssueHook(), pairedCoordinates(), tenancy.Hook()}
}

// Annotations of the Issue.
func (Issue) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An issue (事项): anything reported to the community, from a dispute to an emergency, followed from report to resolution."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Issue: who may read and write it (see package authz).
func (Issue) Policy() ent.Policy {
	return authz.Policy("Issue")
}
