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

// Membership holds the schema definition for the Membership entity.
type Membership struct {
	ent.Schema
}

// Roles are the roles a user can hold in a community (see DOMAIN.md).
var Roles = gqldoc.Values{
	"RESIDENT":             "Anyone living or working in the community.",
	"STEWARD":              "Party-member volunteer steward (红色楼长).",
	"GRID_WORKER":          "Community grid worker (网格员) who owns a grid.",
	"COMMUNITY_STAFF":      "Member of the community party committee or residents' committee.",
	"HOMEOWNERS_COMMITTEE": "Elected member of a homeowners' committee (业委会).",
	"PROPERTY_MANAGER":     "Staff of a property company.",
	"POLICE_OFFICER":       "Officer of the community police office (社区民警).",
	"AUXILIARY_OFFICER":    "Auxiliary officer of the community police office (辅警).",
	"LAWYER":               "Volunteer lawyer in the mediation room.",
	"PATROL_VOLUNTEER":     "Member of the volunteer patrol team.",
	"ADMIN":                "Operator of the deployment.",
}

// Mixin of the Membership.
func (Membership) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Membership"), TimeMixin{}}
}

// Fields of the Membership.
func (Membership) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("user_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The user holding the role."),
		field.Enum("role").
			Values("RESIDENT", "STEWARD", "GRID_WORKER", "COMMUNITY_STAFF", "HOMEOWNERS_COMMITTEE",
				"PROPERTY_MANAGER", "POLICE_OFFICER", "AUXILIARY_OFFICER", "LAWYER", "PATROL_VOLUNTEER", "ADMIN").
			Comment("The role held.").
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE"), Roles),
		field.String("grid_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a grid worker, the grid they own."),
		field.String("title").
			Optional().
			MaxLen(50).
			Comment("Job title shown with the role, such as 居委会主任."),
	}
}

// Edges of the Membership.
func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("memberships"),
		edge.From("user", User.Type).
			Ref("memberships").
			Field("user_id").
			Unique().
			Required().
			Immutable().
			Comment("The user holding the role."),
		edge.From("grid", Grid.Type).
			Ref("workers").
			Field("grid_id").
			Unique().
			Comment("For a grid worker, the grid they own."),
	}
}

// Indexes of the Membership.
func (Membership) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id", "community_id", "role").Unique(),
		index.Fields("community_id", "role"),
	}
}

// Hooks of the Membership.
func (Membership) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the Membership.
func (Membership) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A role a user holds in one community; one person can hold several."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Membership: who may read and write it (see package authz).
func (Membership) Policy() ent.Policy {
	return authz.Policy("Membership")
}
