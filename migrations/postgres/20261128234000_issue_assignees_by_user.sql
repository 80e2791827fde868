-- Modify "issue_assignees" table
ALTER TABLE "issue_assignees" DROP CONSTRAINT "issue_assignees_issue_id", DROP CONSTRAINT "issue_assignees_user_id", ADD CONSTRAINT "issue_assignees_issues_issue" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, ADD CONSTRAINT "issue_assignees_users_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE;
-- Create index "issueassignee_user_id" to table: "issue_assignees"
CREATE INDEX "issueassignee_user_id" ON "issue_assignees" ("user_id");
