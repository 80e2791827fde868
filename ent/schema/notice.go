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

// Notice holds the schema definition for the Notice entity.
type Notice struct {
	ent.Schema
}

// Mixin of the Notice.
func (Notice) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Notice"), TimeMixin{}}
}

// Fields of the Notice.
func (Notice) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.Enum("kind").
			Values("SAFETY_PUBLICITY", "ANNOUNCEMENT").
			Comment("What kind of notice it is.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"SAFETY_PUBLICITY": "Safety publicity, such as fraud prevention or fire safety (安全宣传).",
					"ANNOUNCEMENT":     "An announcement (通知公告).",
				},
			),
		field.Enum("audience").
			Values("COMMUNITY", "GRID", "COMPOUND").
			Default("COMMUNITY").
			Comment("Who the notice is for: the whole community, one grid or one compound.").
			Annotations(
				entgql.OrderField("AUDIENCE"),
				gqldoc.Values{
					"COMMUNITY": "Everyone in the community.",
					"GRID":      "The people of one grid.",
					"COMPOUND":  "The residents of one compound.",
				},
			),
		field.String("grid_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a GRID notice, the grid."),
		field.String("compound_id").
			GoType(gid.ID("")).
			Optional().
			Comment("For a COMPOUND notice, the compound."),
		field.String("title").
			NotEmpty().
			MaxLen(200).
			Comment("The headline.").
			Annotations(entgql.OrderField("TITLE")),
		field.Text("body").
			NotEmpty().
			MaxLen(20000).
			Comment("The text of the notice."),
		field.Time("published_at").
			Optional().
			Nillable().
			Comment("When the notice is or was published; unset for a draft.").
			Annotations(entgql.OrderField("PUBLISHED_AT")),
		field.Time("expires_at").
			Optional().
			Nillable().
			Comment("When the notice stops being shown; after publication."),
	}
}

// Edges of the Notice.
func (Notice) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("notices"),
		edge.From("grid", Grid.Type).
			Ref("notices").
			Field("grid_id").
			Unique().
			Comment("For a GRID notice, the grid."),
		edge.From("compound", Compound.Type).
			Ref("notices").
			Field("compound_id").
			Unique().
			Comment("For a COMPOUND notice, the compound."),
	}
}

// Indexes of the Notice.
func (Notice) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "published_at"),
		index.Fields("grid_id", "published_at"),
		index.Fields("compound_id", "published_at"),
	}
}

// Hooks of the Notice.
func (Notice) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("published_at", "expires_at"), noticeAudience(), tenancy.Hook()}
}

// Annotations of the Notice.
func (Notice) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A notice: safety publicity or an announcement, for the community, a grid or a compound."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Notice: who may read and write it (see package authz).
func (Notice) Policy() ent.Policy {
	return authz.Policy("Notice")
}
