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

// IssuePhoto holds the schema definition for the IssuePhoto entity.
type IssuePhoto struct {
	ent.Schema
}

// Mixin of the IssuePhoto.
func (IssuePhoto) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("IssuePhoto"), TimeMixin{}}
}

// Fields of the IssuePhoto.
func (IssuePhoto) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("issue_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The issue the photo belongs to."),
		field.String("comment_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The comment the photo was attached to, if any."),
		field.String("uploader_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The user who uploaded the photo."),
		field.String("key").
			NotEmpty().
			MaxLen(80).
			Immutable().
			Comment("Where the photo file is kept in the photo store.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("content_type").
			NotEmpty().
			MaxLen(40).
			Immutable().
			Comment("The media type of the stored photo: image/jpeg or image/png."),
		field.Int64("size_bytes").
			NonNegative().
			Immutable().
			Comment("The size of the stored photo in bytes."),
		field.Int("width").
			NonNegative().
			Immutable().
			Comment("Width in pixels."),
		field.Int("height").
			NonNegative().
			Immutable().
			Comment("Height in pixels."),
	}
}

// Edges of the IssuePhoto.
func (IssuePhoto) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("issue_photos"),
		edge.From("issue", Issue.Type).
			Ref("photos").
			Field("issue_id").
			Unique().
			Required().
			Immutable().
			Comment("The issue the photo belongs to."),
		edge.From("comment", IssueComment.Type).
			Ref("photos").
			Field("comment_id").
			Unique().
			Immutable().
			Comment("The comment the photo was attached to, if any."),
		edge.To("uploader", User.Type).
			Field("uploader_id").
			Unique().
			Immutable().
			Comment("The user who uploaded the photo."),
	}
}

// Indexes of the IssuePhoto.
func (IssuePhoto) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("issue_id", "created_at"),
		index.Fields("comment_id"),
	}
}

// Hooks of the IssuePhoto.
func (IssuePhoto) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the IssuePhoto.
func (IssuePhoto) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A photo attached to an issue or one of its comments, served only to those who may see the issue."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}

// Policy of the IssuePhoto: who may read and write it (see package authz).
func (IssuePhoto) Policy() ent.Policy {
	return authz.Policy("IssuePhoto")
}
