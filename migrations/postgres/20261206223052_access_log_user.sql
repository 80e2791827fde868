-- Modify "access_logs" table
ALTER TABLE "access_logs" ALTER COLUMN "resident_id" DROP NOT NULL, ADD COLUMN "user_id" character varying NULL;
-- Create index "accesslog_user_id_at" to table: "access_logs"
CREATE INDEX "accesslog_user_id_at" ON "access_logs" ("user_id", "at");
