package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"wutong/authz"
	"wutong/gid"
)

// IssueAssignee holds the schema definition for the IssueAssignee entity:
// the join table of issues and the users working on them, as an edge
// schema so that it can have an index by user.
type IssueAssignee struct {
	ent.Schema
}

// Annotations of the IssueAssignee.
func (IssueAssignee) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		field.ID("issue_id", "user_id"),
		entschema.Comment("Who works on which issue."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Fields of the IssueAssignee.
func (IssueAssignee) Fields() []ent.Field {
	return []ent.Field{
		field.String("issue_id").
			GoType(gid.ID("")).
			Comment("The issue."),
		field.String("user_id").
			GoType(gid.ID("")).
			Comment("The user working on it."),
	}
}

// Edges of the IssueAssignee.
func (IssueAssignee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("issue", Issue.Type).
			Field("issue_id").
			Unique().
			Required().
			Comment("The issue.").
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("user", User.Type).
			Field("user_id").
			Unique().
			Required().
			Comment("The user working on it.").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the IssueAssignee: "issues assigned to me", which every
// privacy check of an issue asks, looks the table up by user.
func (IssueAssignee) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id"),
	}
}

// Policy of the IssueAssignee: read and written only through the issue's
// assignees edge.
func (IssueAssignee) Policy() ent.Policy {
	return authz.Internal()
}
