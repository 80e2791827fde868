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
	"wutong/tenancy"
)

// PatrolTeam holds the schema definition for the PatrolTeam entity.
type PatrolTeam struct {
	ent.Schema
}

// Mixin of the PatrolTeam.
func (PatrolTeam) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("PatrolTeam"), TimeMixin{}}
}

// Fields of the PatrolTeam.
func (PatrolTeam) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("Name of the team, such as 红袖标巡逻队.").
			Annotations(entgql.OrderField("NAME")),
		field.Text("description").
			Optional().
			MaxLen(2000).
			Comment("What the team does and where."),
	}
}

// Edges of the PatrolTeam.
func (PatrolTeam) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("patrol_teams"),
		edge.To("members", PatrolMember.Type).
			Comment("The members of the team.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("shifts", PatrolShift.Type).
			Comment("The team's shifts.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Hooks of the PatrolTeam.
func (PatrolTeam) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the PatrolTeam.
func (PatrolTeam) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A volunteer patrol team (巡逻队) on duty around the clock."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the PatrolTeam: who may read and write it (see package authz).
func (PatrolTeam) Policy() ent.Policy {
	return authz.Policy("PatrolTeam")
}

// PatrolMember holds the schema definition for the PatrolMember entity.
type PatrolMember struct {
	ent.Schema
}

// Mixin of the PatrolMember.
func (PatrolMember) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("PatrolMember"), TimeMixin{}}
}

// Fields of the PatrolMember.
func (PatrolMember) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("team_id").
			GoType(gid.ID("")).
			Comment("The member's team."),
		field.String("user_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The member's login, through which dispatches reach their phone."),
		field.String("name").
			NotEmpty().
			MaxLen(50).
			Comment("The member's name.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("affiliation").
			Values("PROPERTY_STAFF", "UNIT_EMPLOYEE", "RESIDENT", "GRID_WORKER", "POLICE").
			Comment("Where the member comes from.").
			Annotations(
				entgql.OrderField("AFFILIATION"),
				gqldoc.Values{
					"PROPERTY_STAFF": "Staff of a property company.",
					"UNIT_EMPLOYEE":  "An employee of a local enterprise or institution.",
					"RESIDENT":       "An active resident.",
					"GRID_WORKER":    "A community grid worker.",
					"POLICE":         "A police or auxiliary officer.",
				},
			),
		field.Bool("on_duty").
			Default(false).
			Comment("Whether the member is on duty now and can be dispatched."),
		field.Float("last_latitude").
			Optional().
			Nillable().
			Min(-90).
			Max(90).
			Comment("WGS-84 latitude of the member's last known location, from the app."),
		field.Float("last_longitude").
			Optional().
			Nillable().
			Min(-180).
			Max(180).
			Comment("WGS-84 longitude of the member's last known location, from the app."),
		field.Time("last_located_at").
			Optional().
			Nillable().
			Comment("When the last known location was taken.").
			Annotations(entgql.OrderField("LAST_LOCATED_AT")),
	}
}

// Edges of the PatrolMember.
func (PatrolMember) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("patrol_members"),
		edge.From("team", PatrolTeam.Type).
			Ref("members").
			Field("team_id").
			Unique().
			Required().
			Comment("The member's team."),
		edge.From("user", User.Type).
			Ref("patrol_memberships").
			Field("user_id").
			Unique().
			Comment("The member's login."),
		edge.From("shifts", PatrolShift.Type).
			Ref("members").
			Comment("The shifts the member worked or will work.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("dispatches", Dispatch.Type).
			Comment("The dispatches sent to the member.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the PatrolMember.
func (PatrolMember) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("team_id", "name"),
		index.Fields("community_id", "on_duty"),
		index.Fields("user_id"),
	}
}

// Hooks of the PatrolMember.
func (PatrolMember) Hooks() []ent.Hook {
	return []ent.Hook{pairedFields("last_latitude", "last_longitude"), tenancy.Hook()}
}

// Annotations of the PatrolMember.
func (PatrolMember) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A member of a patrol team: property staff, employees of local units, active residents, grid workers."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the PatrolMember: who may read and write it (see package authz).
func (PatrolMember) Policy() ent.Policy {
	return authz.Policy("PatrolMember")
}

// PatrolShift holds the schema definition for the PatrolShift entity.
type PatrolShift struct {
	ent.Schema
}

// Mixin of the PatrolShift.
func (PatrolShift) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("PatrolShift"), TimeMixin{}}
}

// Fields of the PatrolShift.
func (PatrolShift) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("team_id").
			GoType(gid.ID("")).
			Comment("The team on patrol."),
		field.String("event_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a security shift, the public event secured."),
		field.Time("starts_at").
			Comment("When the shift begins.").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Comment("When the shift ends; after it begins.").
			Annotations(entgql.OrderField("ENDS_AT")),
		field.String("route").
			Optional().
			MaxLen(500).
			Comment("The route or area patrolled."),
		field.Text("log").
			Optional().
			MaxLen(20000).
			Comment("The patrol log: what was seen and done."),
	}
}

// Edges of the PatrolShift.
func (PatrolShift) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("patrol_shifts"),
		edge.From("team", PatrolTeam.Type).
			Ref("shifts").
			Field("team_id").
			Unique().
			Required().
			Comment("The team on patrol."),
		edge.From("event", PublicEvent.Type).
			Ref("security_shifts").
			Field("event_id").
			Unique().
			Comment("For a security shift, the public event secured."),
		edge.To("members", PatrolMember.Type).
			Comment("The members on the shift.").
			Annotations(entgql.RelayConnection()),
		edge.To("found_issues", Issue.Type).
			Comment("The problems found on the shift.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the PatrolShift.
func (PatrolShift) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("team_id", "starts_at"),
		index.Fields("community_id", "starts_at"),
		index.Fields("event_id"),
	}
}

// Hooks of the PatrolShift.
func (PatrolShift) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("starts_at", "ends_at"), tenancy.Hook()}
}

// Annotations of the PatrolShift.
func (PatrolShift) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A patrol shift (巡逻班次) with its patrol log; a security shift when it secures a public event."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the PatrolShift: who may read and write it (see package authz).
func (PatrolShift) Policy() ent.Policy {
	return authz.Policy("PatrolShift")
}

// Dispatch holds the schema definition for the Dispatch entity.
type Dispatch struct {
	ent.Schema
}

// Mixin of the Dispatch.
func (Dispatch) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Dispatch"), TimeMixin{}}
}

// Fields of the Dispatch.
func (Dispatch) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("issue_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The issue responded to."),
		field.String("member_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The patrol member sent."),
		field.Enum("status").
			Values("SENT", "ACCEPTED", "DECLINED", "ARRIVED", "COMPLETED", "CANCELLED").
			Default("SENT").
			Comment("Where the dispatch stands.").
			Annotations(
				entgql.OrderField("STATUS"),
				gqldoc.Values{
					"SENT":      "Sent to the member's phone; not yet answered.",
					"ACCEPTED":  "The member is on the way.",
					"DECLINED":  "The member cannot go; the next nearest is sent.",
					"ARRIVED":   "The member is on the scene.",
					"COMPLETED": "The first response is done.",
					"CANCELLED": "Called off.",
				},
			),
		field.Time("sent_at").
			Default(timeNow).
			Immutable().
			Comment("When the dispatch was sent.").
			Annotations(entgql.OrderField("SENT_AT")),
		field.Time("accepted_at").
			Optional().
			Nillable().
			Comment("When the member accepted."),
		field.Time("declined_at").
			Optional().
			Nillable().
			Comment("When the member declined."),
		field.Time("arrived_at").
			Optional().
			Nillable().
			Comment("When the member arrived on the scene."),
		field.Time("completed_at").
			Optional().
			Nillable().
			Comment("When the first response was completed."),
		field.Int("distance_meters").
			Optional().
			Nillable().
			NonNegative().
			Comment("Great-circle distance from the member's last known location to the issue when sent, in metres."),
	}
}

// Edges of the Dispatch.
func (Dispatch) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("dispatches"),
		edge.From("issue", Issue.Type).
			Ref("dispatches").
			Field("issue_id").
			Unique().
			Required().
			Immutable().
			Comment("The issue responded to."),
		edge.From("member", PatrolMember.Type).
			Ref("dispatches").
			Field("member_id").
			Unique().
			Required().
			Immutable().
			Comment("The patrol member sent."),
	}
}

// Indexes of the Dispatch.
func (Dispatch) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("issue_id", "sent_at"),
		index.Fields("member_id", "sent_at"),
		index.Fields("community_id", "sent_at"),
	}
}

// Hooks of the Dispatch.
func (Dispatch) Hooks() []ent.Hook {
	return []ent.Hook{casework.DispatchHook(), tenancy.Hook()}
}

// Annotations of the Dispatch.
func (Dispatch) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A dispatch (派单): the nearest on-duty patrol member sent to an issue for first response."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}

// Policy of the Dispatch: who may read and write it (see package authz).
func (Dispatch) Policy() ent.Policy {
	return authz.Policy("Dispatch")
}
