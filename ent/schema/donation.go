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

// Donation holds the schema definition for the Donation entity.
type Donation struct {
	ent.Schema
}

// Mixin of the Donation.
func (Donation) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Donation"), TimeMixin{}}
}

// Fields of the Donation.
func (Donation) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("compound_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The compound the donation is for, if one."),
		field.String("donor_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The donor, if a resident."),
		field.String("donor_name").
			Optional().
			MaxLen(100).
			Comment("The donor's name when the donor is not a resident, such as an organization."),
		field.Bool("anonymous").
			Default(false).
			Comment("Whether the donor asked not to be named on the roster."),
		field.Enum("kind").
			Values("MONEY", "GOODS").
			Comment("Whether money or goods were given.").
			Annotations(
				entgql.Type("DonationKind"),
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"MONEY": "Money, with its amount in fen.",
					"GOODS": "Goods, with a description.",
				},
			),
		field.Int64("amount_fen").
			Optional().
			Nillable().
			Positive().
			Comment("For money, the amount in fen (1 yuan = 100 fen).").
			Annotations(entgql.OrderField("AMOUNT_FEN")),
		field.String("goods").
			Optional().
			MaxLen(500).
			Comment("For goods, what was given, such as 灭火器 10 个."),
		field.String("purpose").
			NotEmpty().
			MaxLen(100).
			Comment("What the donation is for, such as 加装电梯; the roster groups by it.").
			Annotations(entgql.OrderField("PURPOSE")),
		field.Time("donated_at").
			Default(timeNow).
			Comment("When the donation was made.").
			Annotations(entgql.OrderField("DONATED_AT")),
	}
}

// Edges of the Donation.
func (Donation) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("donations"),
		edge.From("compound", Compound.Type).
			Ref("donations").
			Field("compound_id").
			Unique().
			Comment("The compound the donation is for."),
		edge.From("donor", Resident.Type).
			Ref("donations").
			Field("donor_id").
			Unique().
			Comment("The donor, if a resident."),
	}
}

// Indexes of the Donation.
func (Donation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "purpose", "donated_at"),
		index.Fields("compound_id", "donated_at"),
		index.Fields("donor_id"),
	}
}

// Hooks of the Donation.
func (Donation) Hooks() []ent.Hook {
	return []ent.Hook{donationShape(), tenancy.Hook()}
}

// Annotations of the Donation.
func (Donation) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A donation (捐赠) of money or goods to the community; shown on the public donation roster, where anonymous donors stay anonymous."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Donation: who may read and write it (see package authz).
func (Donation) Policy() ent.Policy {
	return authz.Policy("Donation")
}
