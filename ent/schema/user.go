package schema

import (
	"regexp"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"wutong/authz"
	"wutong/gid"
	"wutong/personal"
)

// User holds the schema definition for the User entity.
type User struct {
	ent.Schema
}

// usernamePattern is the shape of a username: it must not look like a phone
// number, so that one login box can take either.
var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9_.-]{2,31}$`)

// Mixin of the User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("User"), TimeMixin{}}
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").
			Optional().
			Nillable().
			Unique().
			Match(usernamePattern).
			Comment("Login name: 3-32 lowercase letters, digits, '.', '_' or '-', starting with a letter.").
			Annotations(entgql.OrderField("USERNAME")),
		field.String("phone").
			Optional().
			Nillable().
			Unique().
			Validate(personal.ValidatePhone).
			Comment("Mobile phone number used to log in (sensitive personal information).").
			Annotations(noFilter),
		field.String("display_name").
			NotEmpty().
			MaxLen(50).
			Comment("Name shown to others, such as 张警官.").
			Annotations(entgql.OrderField("DISPLAY_NAME")),
		field.String("resident_id").
			GoType(gid.ID("")).
			Optional().
			Unique().
			Comment("The resident this login belongs to, if any."),
		field.Bool("active").
			Default(true).
			Comment("Whether the user may log in."),
		field.String("password_hash").
			Optional().
			Sensitive().
			Comment("bcrypt hash of the password; empty until the account is activated.").
			Annotations(readOnly),
		field.String("activation_code_hash").
			Optional().
			Sensitive().
			Comment("SHA-256 of the one-time activation code, hex; empty once used.").
			Annotations(readOnly),
		field.Time("activation_expires_at").
			Optional().
			Nillable().
			Comment("When the activation code stops working.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("resident", Resident.Type).
			Ref("user").
			Field("resident_id").
			Unique().
			Comment("The resident this login belongs to, if any: set by linkResident.").
			Annotations(readOnly),
		edge.To("memberships", Membership.Type).
			Comment("The roles the user holds, per community.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("assigned_issues", Issue.Type).
			Ref("assignees").
			Through("issue_assignments", IssueAssignee.Type).
			Comment("Issues assigned to the user.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("patrol_memberships", PatrolMember.Type).
			Comment("The user's places on patrol teams.").
			Annotations(readOnly),
		edge.From("duty_shifts", DutyShift.Type).
			Ref("staff").
			Comment("The duty shifts the user is named on.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("meetings", Meeting.Type).
			Ref("staff").
			Comment("The meetings the user attended as staff.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("mediated_cases", MediationCase.Type).
			Ref("mediators").
			Comment("The mediation cases the user mediates.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("sessions", Session.Type).
			Comment("The user's login sessions.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the User.
func (User) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A user: a login of a resident, a volunteer or a member of staff. Users are deployment-wide; what they may do is given by their memberships."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the User: who may read and write it (see package authz).
func (User) Policy() ent.Policy {
	return authz.Policy("User")
}
