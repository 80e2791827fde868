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

// Compound holds the schema definition for the Compound entity.
type Compound struct {
	ent.Schema
}

// Mixin of the Compound.
func (Compound) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Compound"), TimeMixin{}}
}

// Fields of the Compound.
func (Compound) Fields() []ent.Field {
	return append([]ent.Field{
		communityField(),
		field.String("grid_id").
			GoType(gid.ID("")).
			Comment("The grid the compound lies in."),
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("Name of the compound, such as 银杏里小区.").
			Annotations(entgql.OrderField("NAME")),
		field.String("address").
			Optional().
			MaxLen(200).
			Comment("Street address of the compound's main gate."),
		field.Enum("management").
			Values("PROPERTY_COMPANY", "SELF_MANAGED", "UNMANAGED").
			Comment("How the compound is managed.").
			Annotations(
				entgql.OrderField("MANAGEMENT"),
				gqldoc.Values{
					"PROPERTY_COMPANY": "Managed by a property company (物业公司).",
					"SELF_MANAGED":     "Managed by its residents or homeowners' committee (自管).",
					"UNMANAGED":        "No property management, no competent department, no self-management: a \"three-no\" compound (三无小区).",
				},
			),
		field.String("property_company").
			Optional().
			MaxLen(100).
			Comment("Name of the property company, if any."),
		field.Int("building_count").
			Optional().
			NonNegative().
			Comment("Number of residential buildings."),
		field.Int("household_count").
			Optional().
			NonNegative().
			Comment("Number of households."),
		field.Int("built_year").
			Optional().
			Range(1900, 2100).
			Comment("Year the compound was built."),
	}, coordinateFields()...)
}

// Edges of the Compound.
func (Compound) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("compounds"),
		edge.From("grid", Grid.Type).
			Ref("compounds").
			Field("grid_id").
			Unique().
			Required().
			Comment("The grid the compound lies in."),
		edge.To("residents", Resident.Type).
			Comment("The residents of the compound.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("meeting_points", MeetingPoint.Type).
			Comment("Meeting points inside the compound, such as its discussion corner.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("issues", Issue.Type).
			Comment("The issues reported about the compound.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("stewards", Steward.Type).
			Ref("compounds").
			Comment("The party-member stewards assigned to the compound.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("rentals", RentalHousing.Type).
			Comment("The rented flats in the compound.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("donations", Donation.Type).
			Comment("Donations to the compound.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("notices", Notice.Type).
			Comment("Notices for the compound.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the Compound.
func (Compound) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "name"),
		index.Fields("grid_id", "name"),
	}
}

// Hooks of the Compound.
func (Compound) Hooks() []ent.Hook {
	return []ent.Hook{pairedCoordinates(), tenancy.Hook()}
}

// Annotations of the Compound.
func (Compound) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A residential compound (小区) in a grid."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Compound: who may read and write it (see package authz).
func (Compound) Policy() ent.Policy {
	return authz.Policy("Compound")
}
