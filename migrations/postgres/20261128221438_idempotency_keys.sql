-- Create "idempotency_keys" table
CREATE TABLE "idempotency_keys" ("id" character varying NOT NULL, "key" character varying NOT NULL, "principal" character varying NOT NULL, "request_hash" character varying NOT NULL, "response" bytea NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "idempotencykey_expires_at" to table: "idempotency_keys"
CREATE INDEX "idempotencykey_expires_at" ON "idempotency_keys" ("expires_at");
-- Create index "idempotencykey_principal_key" to table: "idempotency_keys"
CREATE UNIQUE INDEX "idempotencykey_principal_key" ON "idempotency_keys" ("principal", "key");
