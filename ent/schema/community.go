package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"wutong/authz"
)

// Community holds the schema definition for the Community entity.
type Community struct {
	ent.Schema
}

// Mixin of the Community.
func (Community) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Community"), TimeMixin{}}
}

// Fields of the Community.
func (Community) Fields() []ent.Field {
	return append([]ent.Field{
		field.String("name").
			NotEmpty().
			MaxLen(100).
			Comment("Name of the community, such as 东华门社区.").
			Annotations(entgql.OrderField("NAME")),
		field.String("code").
			NotEmpty().
			MaxLen(32).
			Match(codePattern).
			Unique().
			Comment("Short unique code used in reports and imports (letters, digits, - and _).").
			Annotations(entgql.OrderField("CODE")),
		field.String("district").
			Optional().
			MaxLen(100).
			Comment("The district or city the community belongs to."),
		field.String("address").
			Optional().
			MaxLen(200).
			Comment("Address of the community office."),
		field.String("time_zone").
			Default("Asia/Shanghai").
			Validate(validateTimeZone).
			Comment("IANA time zone in which the community's statistics periods are counted."),
		field.Int("area_square_meters").
			Optional().
			NonNegative().
			Comment("Area covered, in square metres."),
		field.Text("description").
			Optional().
			MaxLen(2000).
			Comment("Free text about the community."),
		field.Int("repeat_call_window_days").
			Default(30).
			Range(1, 365).
			Comment("A police call about the same place and category as an earlier call within this many days is linked to it as a repeat."),
		field.Int("repeat_call_radius_meters").
			Default(100).
			Range(10, 2000).
			Comment("How close two police calls must be, in metres, to be about the same place (calls with the same address always are)."),
	}, coordinateFields()...)
}

// Edges of the Community.
func (Community) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("grids", Grid.Type).
			Comment("The grids the community is divided into.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("compounds", Compound.Type).
			Comment("The residential compounds of the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("residents", Resident.Type).
			Comment("The residents of the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("memberships", Membership.Type).
			Comment("The role memberships users hold in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("stewards", Steward.Type).
			Comment("The party-member stewards who reported to the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("service_records", ServiceRecord.Type).
			Comment("The stewards' service log.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("meeting_points", MeetingPoint.Type).
			Comment("The meeting points of the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("issues", Issue.Type).
			Comment("The issues reported in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("issue_comments", IssueComment.Type).
			Comment("Comments on the community's issues.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("issue_photos", IssuePhoto.Type).
			Comment("The photos attached to the community's issues.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("issue_events", IssueEvent.Type).
			Comment("Timeline entries of the community's issues.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("duty_shifts", DutyShift.Type).
			Comment("The duty shifts at the community's meeting points.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("meetings", Meeting.Type).
			Comment("The meetings held in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("mediation_cases", MediationCase.Type).
			Comment("The mediation cases of the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("mediation_parties", MediationParty.Type).
			Comment("Parties to the community's mediation cases.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("mediation_sessions", MediationSession.Type).
			Comment("Sessions of the community's mediation cases.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("patrol_teams", PatrolTeam.Type).
			Comment("The community's patrol teams.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("patrol_members", PatrolMember.Type).
			Comment("Members of the community's patrol teams.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("patrol_shifts", PatrolShift.Type).
			Comment("The patrol shifts in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("dispatches", Dispatch.Type).
			Comment("Dispatches of patrol members in the community.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("public_events", PublicEvent.Type).
			Comment("The large public events in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("organizations", Organization.Type).
			Comment("The organizations in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("employee_registrations", EmployeeRegistration.Type).
			Comment("Employees registered by the community's organizations.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("organization_reports", OrganizationReport.Type).
			Comment("Reports filed by the community's organizations.").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("rentals", RentalHousing.Type).
			Comment("The rented flats registered in the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("donations", Donation.Type).
			Comment("The donations to the community.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("notices", Notice.Type).
			Comment("The community's notices.").
			Annotations(entgql.RelayConnection(), readOnly),
		edge.To("access_logs", AccessLog.Type).
			Comment("Reads of the community's residents' personal information.").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Community.
func (Community) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("name"),
	}
}

// Hooks of the Community.
func (Community) Hooks() []ent.Hook {
	return []ent.Hook{pairedCoordinates()}
}

// Annotations of the Community.
func (Community) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A community (社区): the unit of tenancy. Every record belongs to exactly one community."),
		entgql.QueryField(),
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Policy of the Community: who may read and write it (see package authz).
func (Community) Policy() ent.Policy {
	return authz.Policy("Community")
}

// validateTimeZone accepts IANA time zone names known to the Go runtime.
func validateTimeZone(name string) error {
	if name == "" || name == "Local" {
		return errTimeZone
	}
	_, err := time.LoadLocation(name)
	if err != nil {
		return errTimeZone
	}
	return nil
}
