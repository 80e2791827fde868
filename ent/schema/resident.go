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
	"wutong/personal"
	"wutong/tenancy"
	"wutong/unique"
)

// Resident holds the schema definition for the Resident entity.
type Resident struct {
	ent.Schema
}

// Mixin of the Resident.
func (Resident) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Resident"), TimeMixin{}}
}

// noFilter keeps a sensitive field out of filters and ordering, so that
// filtering cannot become an oracle for personal information.
var noFilter = entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)

// Fields of the Resident.
func (Resident) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("compound_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The compound the resident lives in; empty for people who only work in the community."),
		field.String("name").
			NotEmpty().
			MaxLen(50).
			Comment("Full name.").
			Annotations(entgql.OrderField("NAME")),
		field.String("phone").
			Optional().
			Validate(personal.ValidatePhone).
			Comment("Mobile phone number (sensitive personal information).").
			Annotations(noFilter),
		field.String("id_card_number").
			Optional().
			Validate(personal.ValidateIDCard).
			Comment("Resident identity card number (sensitive personal information).").
			Annotations(noFilter),
		field.String("building").
			Optional().
			MaxLen(20).
			Comment("Building number within the compound (part of the detailed address).").
			Annotations(noFilter),
		field.String("unit").
			Optional().
			MaxLen(20).
			Comment("Entrance or unit within the building (part of the detailed address).").
			Annotations(noFilter),
		field.String("room").
			Optional().
			MaxLen(20).
			Comment("Room number (part of the detailed address).").
			Annotations(noFilter),
		field.Enum("residency").
			Values("OWNER", "TENANT", "NON_REGISTERED").
			Default("OWNER").
			Comment("How the resident lives here.").
			Annotations(
				entgql.OrderField("RESIDENCY"),
				gqldoc.Values{
					"OWNER":          "Owns the flat they live in.",
					"TENANT":         "Rents the flat they live in.",
					"NON_REGISTERED": "Floating population (流动人口): lives here without local household registration.",
				},
			),
		field.Bool("party_member").
			Default(false).
			Comment("Whether the resident is a member of the Communist Party of China."),
		field.JSON("care_flags", []personal.CareFlag{}).
			Optional().
			Comment("Reasons to look after the resident, such as LIVES_ALONE (sensitive personal information).").
			Annotations(entgql.Type("[CareFlag!]")),
		field.Bool("hall_member").
			Default(false).
			Comment("Whether the resident is a member of the online deliberation hall (云议事厅)."),
		field.Time("moved_in_at").
			Optional().
			Nillable().
			Comment("When the resident moved in."),
	}
}

// Edges of the Resident.
func (Resident) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("residents"),
		edge.From("compound", Compound.Type).
			Ref("residents").
			Field("compound_id").
			Unique().
			Comment("The compound the resident lives in."),
		edge.To("reported_issues", Issue.Type).
			Comment("Issues the resident reported.").
			Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("steward", Steward.Type).
			Unique().
			Comment("The resident's steward record, if they serve as a party-member steward.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("user", User.Type).
			Unique().
			Comment("The resident's login, if they have one.").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("mediation_parties", MediationParty.Type).
			Comment("The mediation cases the resident is a party to.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("employments", EmployeeRegistration.Type).
			Comment("The resident's registrations as an employee.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("let_flats", RentalHousing.Type).
			Comment("The flats the resident lets.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("donations", Donation.Type).
			Comment("The resident's donations.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("rented_flats", RentalHousing.Type).
			Ref("tenants").
			Comment("The rented flats the resident lives in as a tenant.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.From("meetings", Meeting.Type).
			Ref("attendees").
			Comment("The meetings the resident attended.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the Resident.
func (Resident) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("compound_id", "name"),
		index.Fields("community_id", "name"),
		index.Fields("community_id", "phone"),
		// An ID-card number is registered once per community, whoever
		// writes it (the API, an import) and however many write at once.
		// Residents without one hold NULL (see emptyAsNull), which the
		// index lets repeat.
		index.Fields("community_id", "id_card_number").Unique(),
	}
}

// Hooks of the Resident.
func (Resident) Hooks() []ent.Hook {
	return []ent.Hook{validateCareFlags(), emptyAsNull("id_card_number"), unique.InCommunity("resident", "idCardNumber", "id_card_number"), tenancy.Hook()}
}

// Annotations of the Resident.
func (Resident) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A resident (居民): anyone living or working in the community. Phone, ID-card number, detailed address and care flags are sensitive personal information."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Resident: who may read and write it (see package authz).
func (Resident) Policy() ent.Policy {
	return authz.Policy("Resident")
}
