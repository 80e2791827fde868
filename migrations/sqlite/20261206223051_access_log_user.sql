-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_access_logs" table
CREATE TABLE `new_access_logs` (`id` text NOT NULL, `viewer_id` text NOT NULL, `resident_id` text NULL, `user_id` text NULL, `field` text NOT NULL, `reason` text NOT NULL, `request_id` text NULL, `at` datetime NOT NULL, `community_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `access_logs_communities_access_logs` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- Copy rows from old table "access_logs" to new temporary table "new_access_logs"
INSERT INTO `new_access_logs` (`id`, `viewer_id`, `resident_id`, `field`, `reason`, `request_id`, `at`, `community_id`) SELECT `id`, `viewer_id`, `resident_id`, `field`, `reason`, `request_id`, `at`, `community_id` FROM `access_logs`;
-- Drop "access_logs" table after copying rows
DROP TABLE `access_logs`;
-- Rename temporary table "new_access_logs" to "access_logs"
ALTER TABLE `new_access_logs` RENAME TO `access_logs`;
-- Create index "accesslog_community_id_at" to table: "access_logs"
CREATE INDEX `accesslog_community_id_at` ON `access_logs` (`community_id`, `at`);
-- Create index "accesslog_resident_id_at" to table: "access_logs"
CREATE INDEX `accesslog_resident_id_at` ON `access_logs` (`resident_id`, `at`);
-- Create index "accesslog_user_id_at" to table: "access_logs"
CREATE INDEX `accesslog_user_id_at` ON `access_logs` (`user_id`, `at`);
-- Create index "accesslog_viewer_id_at" to table: "access_logs"
CREATE INDEX `accesslog_viewer_id_at` ON `access_logs` (`viewer_id`, `at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
