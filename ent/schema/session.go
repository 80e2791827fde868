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
)

// Session holds the schema definition for the Session entity.
type Session struct {
	ent.Schema
}

// Mixin of the Session.
func (Session) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("Session")}
}

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("user_id").
			GoType(gid.ID("")).
			Immutable().
			Comment("The user logged in."),
		field.String("token_hash").
			Unique().
			Immutable().
			Sensitive().
			Comment("SHA-256 of the bearer token, hex; the token itself is never stored."),
		field.Time("created_at").
			Default(timeNow).
			Immutable().
			Comment("When the user logged in."),
		field.Time("expires_at").
			Comment("When the token stops working."),
		field.Time("revoked_at").
			Optional().
			Nillable().
			Comment("When the session was ended by logout or by an administrator."),
		field.String("client_address").
			Optional().
			MaxLen(64).
			Comment("The address the login came from."),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).
			Ref("sessions").
			Field("user_id").
			Unique().
			Required().
			Immutable().
			Comment("The user logged in."),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id", "expires_at"),
	}
}

// Annotations of the Session.
func (Session) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A login session; its bearer token is stored only as a hash."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Policy of the Session: who may read and write it (see package authz).
func (Session) Policy() ent.Policy {
	return authz.Internal()
}

// LoginAttempt holds the schema definition for the LoginAttempt entity.
type LoginAttempt struct {
	ent.Schema
}

// Mixin of the LoginAttempt.
func (LoginAttempt) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("LoginAttempt")}
}

// Fields of the LoginAttempt.
func (LoginAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.String("login").
			MaxLen(64).
			Immutable().
			Comment("The login tried, normalised."),
		field.String("client_address").
			MaxLen(64).
			Immutable().
			Comment("The address the attempt came from."),
		field.Bool("succeeded").
			Immutable().
			Comment("Whether the attempt logged in."),
		field.Time("at").
			Default(timeNow).
			Immutable().
			Comment("When the attempt was made."),
	}
}

// Indexes of the LoginAttempt.
func (LoginAttempt) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("login", "at"),
		index.Fields("client_address", "at"),
	}
}

// Annotations of the LoginAttempt.
func (LoginAttempt) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("A login attempt, kept for a while to throttle guessing across replicas."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Policy of the LoginAttempt: who may read and write it (see package authz).
func (LoginAttempt) Policy() ent.Policy {
	return authz.Internal()
}
