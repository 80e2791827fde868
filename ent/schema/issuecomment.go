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

// IssueComment holds the schema definition for the IssueComment entity.
type IssueComment struct {
	ent.Schema
}

// Mixin of the IssueComment.
func (IssueComment) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("IssueComment"), TimeMixin{}}
}

// Fields of the IssueComment.
func (IssueComment) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("issue_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The issue commented on."),
		field.String("author_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The user who wrote the comment."),
		field.Text("body").
			NotEmpty().
			MaxLen(4000).
			Comment("The comment."),
		field.Enum("visibility").
			Values("PUBLIC", "INTERNAL").
			Default("PUBLIC").
			Comment("Who may read the comment.").
			Annotations(
				entgql.OrderField("VISIBILITY"),
				gqldoc.Values{
					"PUBLIC":   "Everyone who may see the issue, including the reporter.",
					"INTERNAL": "Staff and police only.",
				},
			),
	}
}

// Edges of the IssueComment.
func (IssueComment) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("issue_comments"),
		edge.From("issue", Issue.Type).
			Ref("comments").
			Field("issue_id").
			Unique().
			Required().
			Immutable().
			Comment("The issue commented on."),
		edge.To("author", User.Type).
			Field("author_id").
			Unique().
			Immutable().
			Comment("The user who wrote the comment."),
		edge.To("photos", IssuePhoto.Type).
			Comment("Photos attached to the comment.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the IssueComment.
func (IssueComment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("issue_id", "created_at"),
	}
}

// Hooks of the IssueComment.
func (IssueComment) Hooks() []ent.Hook {
	return []ent.Hook{casework.CommentHook(), tenancy.Hook()}
}

// Annotations of the IssueComment.
func (IssueComment) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A comment on an issue, public or internal to staff."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationUpdate()),
	}
}

// Policy of the IssueComment: who may read and write it (see package authz).
func (IssueComment) Policy() ent.Policy {
	return authz.Policy("IssueComment")
}
