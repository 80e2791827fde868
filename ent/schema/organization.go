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

// Organization holds the schema definition for the Organization entity.
type Organization struct {
	ent.Schema
}

// Mixin of the Organization.
func (Organization) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Organization"), TimeMixin{}}
}

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return append([]ent.Field{
		communityField(),
		field.String("grid_id").
			GoType(gid.ID("")).
			Optional().
			Comment("The grid the organization is in."),
		field.String("name").
			NotEmpty().
			MaxLen(200).
			Comment("Name of the organization.").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			Values("ENTERPRISE", "VENUE", "OFFICE_BUILDING", "UNIVERSITY", "HOTEL", "SHOP").
			Comment("What kind of organization it is.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"ENTERPRISE":      "A large enterprise (企业).",
					"VENUE":           "A sports or event venue (场馆).",
					"OFFICE_BUILDING": "An office building (写字楼).",
					"UNIVERSITY":      "A university (高校).",
					"HOTEL":           "A hotel (酒店).",
					"SHOP":            "A shop or restaurant (商铺).",
				},
			),
		field.String("address").
			Optional().
			MaxLen(200).
			Comment("Street address."),
		field.String("contact_name").
			Optional().
			MaxLen(50).
			Comment("The person responsible for safety (安全负责人)."),
		field.String("contact_phone").
			Optional().
			Validate(personal.ValidatePhone).
			Comment("The contact's mobile number.").
			Annotations(noFilter),
	}, coordinateFields()...)
}

// Edges of the Organization.
func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("organizations"),
		edge.From("grid", Grid.Type).
			Ref("organizations").
			Field("grid_id").
			Unique().
			Comment("The grid the organization is in."),
		edge.To("employees", EmployeeRegistration.Type).
			Comment("The employees registered by the organization.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("reports", OrganizationReport.Type).
			Comment("The management reports the organization filed.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("events", PublicEvent.Type).
			Comment("Public events held at the organization, if it is a venue.").
			Annotations(entgql.RelayConnection(), readOnly),
	}
}

// Indexes of the Organization.
func (Organization) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "kind", "name"),
		index.Fields("grid_id"),
	}
}

// Hooks of the Organization.
func (Organization) Hooks() []ent.Hook {
	return []ent.Hook{pairedCoordinates(), tenancy.Hook()}
}

// Annotations of the Organization.
func (Organization) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An organization (单位) in the community: enterprise, venue, office building, university, hotel or shop."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Organization: who may read and write it (see package authz).
func (Organization) Policy() ent.Policy {
	return authz.Policy("Organization")
}

// EmployeeRegistration holds the schema definition for the EmployeeRegistration entity.
type EmployeeRegistration struct {
	ent.Schema
}

// Mixin of the EmployeeRegistration.
func (EmployeeRegistration) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("EmployeeRegistration"), TimeMixin{}}
}

// Fields of the EmployeeRegistration.
func (EmployeeRegistration) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("organization_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The employer."),
		field.String("resident_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The employee, registered as a resident of the community."),
		field.String("position").
			Optional().
			MaxLen(100).
			Comment("The employee's job."),
		field.Time("registered_at").
			Default(timeNow).
			Comment("When the employee was registered.").
			Annotations(entgql.OrderField("REGISTERED_AT")),
		field.Time("left_at").
			Optional().
			Nillable().
			Comment("When the employee left; after registration."),
	}
}

// Edges of the EmployeeRegistration.
func (EmployeeRegistration) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("employee_registrations"),
		edge.From("organization", Organization.Type).
			Ref("employees").
			Field("organization_id").
			Unique().
			Required().
			Immutable().
			Comment("The employer."),
		edge.From("resident", Resident.Type).
			Ref("employments").
			Field("resident_id").
			Unique().
			Required().
			Immutable().
			Comment("The employee."),
	}
}

// Indexes of the EmployeeRegistration.
func (EmployeeRegistration) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "resident_id").Unique(),
		index.Fields("resident_id"),
	}
}

// Hooks of the EmployeeRegistration.
func (EmployeeRegistration) Hooks() []ent.Hook {
	return []ent.Hook{
		endsAfterStart("registered_at", "left_at"),
		unique.Together("employee registration", "residentID", "organization_id", "resident_id"),
		tenancy.Hook(),
	}
}

// Annotations of the EmployeeRegistration.
func (EmployeeRegistration) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An employee registered by an organization with the community police office (从业人员登记)."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the EmployeeRegistration: who may read and write it (see package authz).
func (EmployeeRegistration) Policy() ent.Policy {
	return authz.Policy("EmployeeRegistration")
}

// OrganizationReport holds the schema definition for the OrganizationReport entity.
type OrganizationReport struct {
	ent.Schema
}

// Mixin of the OrganizationReport.
func (OrganizationReport) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("OrganizationReport"), TimeMixin{}}
}

// Fields of the OrganizationReport.
func (OrganizationReport) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("organization_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The organization reporting."),
		field.Enum("kind").
			Values("SAFETY_SELF_INSPECTION", "FIRE_SAFETY", "EMPLOYEE_CHANGES", "EVENT_PLAN", "OTHER").
			Comment("What the report is about.").
			Annotations(
				entgql.OrderField("KIND"),
				gqldoc.Values{
					"SAFETY_SELF_INSPECTION": "The organization's own safety inspection.",
					"FIRE_SAFETY":            "Fire safety checks and drills.",
					"EMPLOYEE_CHANGES":       "Employees who joined or left.",
					"EVENT_PLAN":             "The plan for an event it hosts.",
					"OTHER":                  "Anything else.",
				},
			),
		field.String("period").
			Match(periodPattern).
			Comment("The month reported on, as YYYY-MM.").
			Annotations(entgql.OrderField("PERIOD")),
		field.Text("summary").
			NotEmpty().
			MaxLen(20000).
			Comment("What the report says."),
		field.Time("submitted_at").
			Default(timeNow).
			Comment("When the report was filed.").
			Annotations(entgql.OrderField("SUBMITTED_AT")),
	}
}

// Edges of the OrganizationReport.
func (OrganizationReport) Edges() []ent.Edge {
	return []ent.Edge{
		communityEdge("organization_reports"),
		edge.From("organization", Organization.Type).
			Ref("reports").
			Field("organization_id").
			Unique().
			Required().
			Immutable().
			Comment("The organization reporting."),
	}
}

// Indexes of the OrganizationReport.
func (OrganizationReport) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("organization_id", "period"),
		index.Fields("community_id", "submitted_at"),
	}
}

// Hooks of the OrganizationReport.
func (OrganizationReport) Hooks() []ent.Hook {
	return []ent.Hook{tenancy.Hook()}
}

// Annotations of the OrganizationReport.
func (OrganizationReport) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A management report an organization files with the community police office."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the OrganizationReport: who may read and write it (see package authz).
func (OrganizationReport) Policy() ent.Policy {
	return authz.Policy("OrganizationReport")
}
