package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"wutong/authz"
)

// IdempotencyKey holds the schema definition for the IdempotencyKey entity.
type IdempotencyKey struct {
	ent.Schema
}

// Mixin of the IdempotencyKey.
func (IdempotencyKey) Mixin() []ent.Mixin {
	return []ent.Mixin{idOf("IdempotencyKey")}
}

// Fields of the IdempotencyKey.
func (IdempotencyKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").
			NotEmpty().
			MaxLen(255).
			Immutable().
			Comment("The Idempotency-Key header the client sent."),
		field.String("principal").
			NotEmpty().
			MaxLen(80).
			Immutable().
			Comment("Whose key it is: the user, or the address of a client without a login; keys of different principals never meet."),
		field.String("request_hash").
			NotEmpty().
			MaxLen(64).
			Immutable().
			Comment("SHA-256 of the operation and its variables, hex: a key reused for another request is refused."),
		field.Bytes("response").
			Immutable().
			Comment("The JSON data the first request answered, replayed to its retries."),
		field.Time("created_at").
			Default(timeNow).
			Immutable().
			Comment("When the first request finished."),
		field.Time("expires_at").
			Immutable().
			Comment("When the key may be forgotten."),
	}
}

// Indexes of the IdempotencyKey.
func (IdempotencyKey) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("principal", "key").Unique(),
		index.Fields("expires_at"),
	}
}

// Annotations of the IdempotencyKey.
func (IdempotencyKey) Annotations() []entschema.Annotation {
	return []entschema.Annotation{
		entschema.Comment("The response to a mutation sent with an Idempotency-Key, kept for a day so that a retry gets the first answer instead of acting twice."),
		entgql.Skip(entgql.SkipAll),
	}
}

// Policy of the IdempotencyKey: who may read and write it (see package authz).
func (IdempotencyKey) Policy() ent.Policy {
	return authz.Internal()
}
