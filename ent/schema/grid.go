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
	"wutong/tenancy"
)

// Grid holds the schema definition for the Grid entity.
type Grid struct {
	ent.Schema
}

// Mixin of the Grid.
func (Grid) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Grid"), TimeMixin{}}
}

// Fields of the Grid.
func (Grid) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("Name of the grid, such as 第三网格.").
			Annotations(entgql.OrderField("NAME")),
		field.String("code").
			NotEmpty().
			MaxLen(32).
			Match(codePattern).
			Comment("Short code of the grid, unique in its community.").
			Annotations(entgql.OrderField("CODE")),
		field.Enum("kind").
			Values("RESIDENTIAL", "COMMERCIAL").
			Comment("Whether the grid covers homes or businesses.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"RESIDENTIAL": "A residential grid (住宅网格) of compounds and homes.",
					"COMMERCIAL":  "A commercial grid (商务网格) of enterprises, venues, offices and hotels.",
				},
			),
		field.Text("description").
			Optional().
			MaxLen(2000).
			Comment("Free text about the grid: its streets and landmarks."),
	}
}

// Edges of the Grid.
func (Grid) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("grids"),
		edge.To("compounds", Compound.Type).
			Comment("The compounds in the grid.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("workers", Membership.Type).
			Comment("The grid workers (网格员) responsible for the grid.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("issues", Issue.Type).
			Comment("The issues reported in the grid.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("organizations", Organization.Type).
			Comment("The organizations in the grid.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("notices", Notice.Type).
			Comment("Notices for the grid.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the Grid.
func (Grid) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "code").Unique(),
		index.Fields("community_id", "name"),
	}
}

// Hooks of the Grid.
func (Grid) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the Grid.
func (Grid) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A grid (网格): a part of a community looked after by its grid workers."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Grid: who may read and write it (see package authz).
func (Grid) Policy() ent.Policy {
	return authz.Policy("Grid")
}
