package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"wutong/authz"
	"wutong/ent/schema/gqldoc"
	"wutong/gid"
)

// AccessLog holds the schema definition for the AccessLog entity.
type AccessLog struct {
	ent.Schema
}

// Mixin of the AccessLog.
func (AccessLog) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("AccessLog")}
}

// Fields of the AccessLog.
func (AccessLog) Fields() []ent.Field {
	return []ent.Field{
		communityField(),
		field.String("viewer_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The user who read the data.").
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Type("ID")),
		field.String("resident_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The resident whose data was read, or empty for a login's phone (userID).").
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Type("ID")),
		field.String("user_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The login whose phone was read, or empty for a resident's data (residentID).").
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Type("ID")),
		field.String("field").
			Immutable().
			Comment("Which field was read unmasked, such as phone or idCardNumber.").
			Annotations(entgql.OrderField("FIELD")),
		field.String("reason").
			Immutable().
			Comment("Why the viewer may read it, such as \"police\" or \"mediator of case MC…\"."),
		field.String("request_id").
			Optional().
			Immutable().
			Comment("The request that read it, as in the server log.").
			Annotations(entgql.Type("ID")),
		field.Time("at").
			Default(timeNow).
			Immutable().
			Comment("When it was read.").
			Annotations(entgql.OrderField("AT")),
	}
}

// Edges of the AccessLog.
func (AccessLog) Edges() []ent.Edge {
	return []ent.Edge{communityEdge("access_logs")}
}

// Indexes of the AccessLog.
func (AccessLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "at"),
		index.Fields("resident_id", "at"),
		index.Fields("user_id", "at"),
		index.Fields("viewer_id", "at"),
	}
}

// Hooks of the AccessLog.
func (AccessLog) Hooks() []ent.Hook {
	return []ent.Hook{appendOnly()}
}

// Annotations of the AccessLog.
func (AccessLog) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An entry in the access log: a read of a resident's personal information, or of a login's phone, unmasked. Readable by the police and administrators; never changed."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}

// Policy of the AccessLog: who may read it (see package authz).
func (AccessLog) Policy() ent.Policy {
	return authz.Policy("AccessLog")
}

// AuditLog holds the schema definition for the AuditLog entity.
type AuditLog struct {
	ent.Schema
}

// Mixin of the AuditLog.
func (AuditLog) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("AuditLog")}
}

// Fields of the AuditLog.
func (AuditLog) Fields() []ent.Field {
	return []ent.Field{
		field.String("community_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The community of the record changed; empty for users and communities.").
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Type("ID")),
		field.String("actor_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The user who made the change.").
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Type("ID")),
		field.Enum("operation").
			Values("CREATE", "UPDATE", "DELETE").
			Immutable().
			Comment("What was done.").
			Annotations(
				entgql.Type("AuditOperation"),
				entgql.OrderField("OPERATION"),
				gqldoc.Values{"CREATE": "A record was created.", "UPDATE": "A record was changed.", "DELETE": "A record was removed."},
			),
		field.String("entity").
			Immutable().
			Comment("The kind of record, such as Issue.").
			Annotations(entgql.OrderField("ENTITY")),
		field.String("record_id").
			GoType(gid.ID("")).
			Optional().
			Immutable().
			Comment("The record changed.").
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Type("ID")),
		field.JSON("fields", []string{}).
			Optional().
			Immutable().
			Comment("The fields set or cleared (never their values)."),
		field.String("request_id").
			Optional().
			Immutable().
			Comment("The request that made the change, as in the server log.").
			Annotations(entgql.Type("ID")),
		field.Time("at").
			Default(timeNow).
			Immutable().
			Comment("When the change was made.").
			Annotations(entgql.OrderField("AT")),
	}
}

// Indexes of the AuditLog.
func (AuditLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("community_id", "at"),
		index.Fields("record_id", "at"),
		index.Fields("actor_id", "at"),
	}
}

// Hooks of the AuditLog.
func (AuditLog) Hooks() []ent.Hook {
	return []ent.Hook{appendOnly()}
}

// Annotations of the AuditLog.
func (AuditLog) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("An entry in the audit log: a change made through the API, by whom and in which request. Readable by the police and administrators; never changed."),
		entgql.QueryField(),
		entgql.RelayConnection(),
	}
}

// Policy of the AuditLog: who may read it (see package authz).
func (AuditLog) Policy() ent.Policy {
	return authz.Policy("AuditLog")
}
