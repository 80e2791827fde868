-- Create index "issueassignee_user_id" to table: "issue_assignees"
CREATE INDEX `issueassignee_user_id` ON `issue_assignees` (`user_id`);
