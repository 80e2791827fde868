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

// RentalHousing holds the schema definition for the RentalHousing entity.
type RentalHousing struct {
	ent.Schema
}

// Mixin of the RentalHousing.
func (RentalHousing) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("RentalHousing"), TimeMixin{}}
}

// Fields of the RentalHousing.
func (RentalHousing) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("compound_id").
			GoType(gid.ID("")).
			Comment("The compound the flat is in."),
		field.String("landlord_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The landlord, if registered as a resident."),
		field.String("landlord_name").
			Optional().
			MaxLen(50).
			Comment("The landlord's name, when the landlord is not a resident.").
			Annotations(noFilter),
		field.String("building").
			NotEmpty().
			MaxLen(20).
			Comment("Building number.").
			Annotations(noFilter),
		field.String("unit").
			Optional().
			MaxLen(20).
			Comment("Entrance or unit.").
			Annotations(noFilter),
		field.String("room").
			NotEmpty().
			MaxLen(20).
			Comment("Room number.").
			Annotations(noFilter),
		field.Int64("monthly_rent_fen").
			Optional().
			Nillable().
			NonNegative().
			Comment("Monthly rent in fen (1 yuan = 100 fen)."),
		field.Time("lease_start").
			Optional().
			Nillable().
			Comment("When the current lease began.").
			Annotations(entgql.OrderField("LEASE_START")),
		field.Time("lease_end").
			Optional().
			Nillable().
			Comment("When the current lease ends; after it begins.").
			Annotations(entgql.OrderField("LEASE_END")),
		field.Time("registered_at").
			Default(timeNow).
			Comment("When the rental was registered with the police office (出租房屋登记).").
			Annotations(entgql.OrderField("REGISTERED_AT")),
	}
}

// Edges of the RentalHousing.
func (RentalHousing) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("rentals"),
		edge.From("compound", Compound.Type).
			Ref("rentals").
			Field("compound_id").
			Unique().
			Required().
			Comment("The compound the flat is in."),
		edge.From("landlord", Resident.Type).
			Ref("let_flats").
			Field("landlord_id").
			Unique().
			Comment("The landlord, if registered as a resident."),
		edge.To("tenants", Resident.Type).
			Comment("The tenants living in the flat.").
			Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the RentalHousing.
func (RentalHousing) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("compound_id", "building", "unit", "room"),
		index.Fields("community_id", "registered_at"),
		index.Fields("landlord_id"),
	}
}

// Hooks of the RentalHousing.
func (RentalHousing) Hooks() []ent.Hook {
	return []ent.Hook{endsAfterStart("lease_start", "lease_end"), tenancy.Hook()}
}

// Annotations of the RentalHousing.
func (RentalHousing) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A rented flat (出租房屋) with its landlord and tenants. The address is sensitive personal information."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the RentalHousing: who may read and write it (see package authz).
func (RentalHousing) Policy() ent.Policy {
	return authz.Policy("RentalHousing")
}
