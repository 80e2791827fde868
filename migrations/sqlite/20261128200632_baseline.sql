-- Create "access_logs" table
CREATE TABLE `access_logs` (`id` text NOT NULL, `viewer_id` text NOT NULL, `resident_id` text NOT NULL, `field` text NOT NULL, `reason` text NOT NULL, `request_id` text NULL, `at` datetime NOT NULL, `community_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `access_logs_communities_access_logs` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- Create index "accesslog_community_id_at" to table: "access_logs"
CREATE INDEX `accesslog_community_id_at` ON `access_logs` (`community_id`, `at`);
-- Create index "accesslog_resident_id_at" to table: "access_logs"
CREATE INDEX `accesslog_resident_id_at` ON `access_logs` (`resident_id`, `at`);
-- Create index "accesslog_viewer_id_at" to table: "access_logs"
CREATE INDEX `accesslog_viewer_id_at` ON `access_logs` (`viewer_id`, `at`);
-- Create "audit_logs" table
CREATE TABLE `audit_logs` (`id` text NOT NULL, `community_id` text NULL, `actor_id` text NOT NULL, `operation` text NOT NULL, `entity` text NOT NULL, `record_id` text NULL, `fields` json NULL, `request_id` text NULL, `at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "auditlog_community_id_at" to table: "audit_logs"
CREATE INDEX `auditlog_community_id_at` ON `audit_logs` (`community_id`, `at`);
-- Create index "auditlog_record_id_at" to table: "audit_logs"
CREATE INDEX `auditlog_record_id_at` ON `audit_logs` (`record_id`, `at`);
-- Create index "auditlog_actor_id_at" to table: "audit_logs"
CREATE INDEX `auditlog_actor_id_at` ON `audit_logs` (`actor_id`, `at`);
-- Create "communities" table
CREATE TABLE `communities` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `code` text NOT NULL, `district` text NULL, `address` text NULL, `time_zone` text NOT NULL DEFAULT ('Asia/Shanghai'), `area_square_meters` integer NULL, `description` text NULL, `repeat_call_window_days` integer NOT NULL DEFAULT (30), `repeat_call_radius_meters` integer NOT NULL DEFAULT (100), `latitude` real NULL, `longitude` real NULL, PRIMARY KEY (`id`));
-- Create index "communities_code_key" to table: "communities"
CREATE UNIQUE INDEX `communities_code_key` ON `communities` (`code`);
-- Create index "community_name" to table: "communities"
CREATE INDEX `community_name` ON `communities` (`name`);
-- Create "compounds" table
CREATE TABLE `compounds` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `address` text NULL, `management` text NOT NULL, `property_company` text NULL, `building_count` integer NULL, `household_count` integer NULL, `built_year` integer NULL, `latitude` real NULL, `longitude` real NULL, `community_id` text NOT NULL, `grid_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `compounds_communities_compounds` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `compounds_grids_compounds` FOREIGN KEY (`grid_id`) REFERENCES `grids` (`id`) ON DELETE NO ACTION);
-- Create index "compound_community_id_name" to table: "compounds"
CREATE INDEX `compound_community_id_name` ON `compounds` (`community_id`, `name`);
-- Create index "compound_grid_id_name" to table: "compounds"
CREATE INDEX `compound_grid_id_name` ON `compounds` (`grid_id`, `name`);
-- Create "dispatches" table
CREATE TABLE `dispatches` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('SENT'), `sent_at` datetime NOT NULL, `accepted_at` datetime NULL, `declined_at` datetime NULL, `arrived_at` datetime NULL, `completed_at` datetime NULL, `distance_meters` integer NULL, `community_id` text NOT NULL, `issue_id` text NOT NULL, `member_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `dispatches_communities_dispatches` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `dispatches_issues_dispatches` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE NO ACTION, CONSTRAINT `dispatches_patrol_members_dispatches` FOREIGN KEY (`member_id`) REFERENCES `patrol_members` (`id`) ON DELETE NO ACTION);
-- Create index "dispatch_issue_id_sent_at" to table: "dispatches"
CREATE INDEX `dispatch_issue_id_sent_at` ON `dispatches` (`issue_id`, `sent_at`);
-- Create index "dispatch_member_id_sent_at" to table: "dispatches"
CREATE INDEX `dispatch_member_id_sent_at` ON `dispatches` (`member_id`, `sent_at`);
-- Create index "dispatch_community_id_sent_at" to table: "dispatches"
CREATE INDEX `dispatch_community_id_sent_at` ON `dispatches` (`community_id`, `sent_at`);
-- Create "donations" table
CREATE TABLE `donations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `donor_name` text NULL, `anonymous` bool NOT NULL DEFAULT (false), `kind` text NOT NULL, `amount_fen` integer NULL, `goods` text NULL, `purpose` text NOT NULL, `donated_at` datetime NOT NULL, `community_id` text NOT NULL, `compound_id` text NULL, `donor_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `donations_communities_donations` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `donations_compounds_donations` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE SET NULL, CONSTRAINT `donations_residents_donations` FOREIGN KEY (`donor_id`) REFERENCES `residents` (`id`) ON DELETE SET NULL);
-- Create index "donation_community_id_purpose_donated_at" to table: "donations"
CREATE INDEX `donation_community_id_purpose_donated_at` ON `donations` (`community_id`, `purpose`, `donated_at`);
-- Create index "donation_compound_id_donated_at" to table: "donations"
CREATE INDEX `donation_compound_id_donated_at` ON `donations` (`compound_id`, `donated_at`);
-- Create index "donation_donor_id" to table: "donations"
CREATE INDEX `donation_donor_id` ON `donations` (`donor_id`);
-- Create "duty_shifts" table
CREATE TABLE `duty_shifts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `body` text NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `note` text NULL, `community_id` text NOT NULL, `meeting_point_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `duty_shifts_communities_duty_shifts` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `duty_shifts_meeting_points_duty_shifts` FOREIGN KEY (`meeting_point_id`) REFERENCES `meeting_points` (`id`) ON DELETE NO ACTION);
-- Create index "dutyshift_meeting_point_id_starts_at" to table: "duty_shifts"
CREATE INDEX `dutyshift_meeting_point_id_starts_at` ON `duty_shifts` (`meeting_point_id`, `starts_at`);
-- Create index "dutyshift_community_id_starts_at" to table: "duty_shifts"
CREATE INDEX `dutyshift_community_id_starts_at` ON `duty_shifts` (`community_id`, `starts_at`);
-- Create "employee_registrations" table
CREATE TABLE `employee_registrations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `position` text NULL, `registered_at` datetime NOT NULL, `left_at` datetime NULL, `community_id` text NOT NULL, `organization_id` text NOT NULL, `resident_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `employee_registrations_communities_employee_registrations` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `employee_registrations_organizations_employees` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION, CONSTRAINT `employee_registrations_residents_employments` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE NO ACTION);
-- Create index "employeeregistration_organization_id_resident_id" to table: "employee_registrations"
CREATE UNIQUE INDEX `employeeregistration_organization_id_resident_id` ON `employee_registrations` (`organization_id`, `resident_id`);
-- Create index "employeeregistration_resident_id" to table: "employee_registrations"
CREATE INDEX `employeeregistration_resident_id` ON `employee_registrations` (`resident_id`);
-- Create "grids" table
CREATE TABLE `grids` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `code` text NOT NULL, `kind` text NOT NULL, `description` text NULL, `community_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `grids_communities_grids` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- Create index "grid_community_id_code" to table: "grids"
CREATE UNIQUE INDEX `grid_community_id_code` ON `grids` (`community_id`, `code`);
-- Create index "grid_community_id_name" to table: "grids"
CREATE INDEX `grid_community_id_name` ON `grids` (`community_id`, `name`);
-- Create "issues" table
CREATE TABLE `issues` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NULL, `kind` text NOT NULL, `category` text NOT NULL DEFAULT ('OTHER'), `channel` text NOT NULL DEFAULT ('APP'), `priority` text NOT NULL DEFAULT ('NORMAL'), `status` text NOT NULL DEFAULT ('REPORTED'), `incident_class` text NOT NULL DEFAULT ('NONE'), `anonymous` bool NOT NULL DEFAULT (false), `address` text NULL, `reported_at` datetime NOT NULL, `acknowledged_at` datetime NULL, `started_at` datetime NULL, `first_arrival_at` datetime NULL, `resolved_at` datetime NULL, `closed_at` datetime NULL, `rating` integer NULL, `feedback` text NULL, `resolution` text NULL, `version` integer NOT NULL DEFAULT (0), `latitude` real NULL, `longitude` real NULL, `community_id` text NOT NULL, `compound_id` text NULL, `grid_id` text NULL, `reported_by_id` text NULL, `repeat_of_id` text NULL, `duplicate_of_id` text NULL, `patrol_shift_id` text NULL, `reporter_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `issues_communities_issues` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `issues_compounds_issues` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE SET NULL, CONSTRAINT `issues_grids_issues` FOREIGN KEY (`grid_id`) REFERENCES `grids` (`id`) ON DELETE SET NULL, CONSTRAINT `issues_users_reported_by` FOREIGN KEY (`reported_by_id`) REFERENCES `users` (`id`) ON DELETE SET NULL, CONSTRAINT `issues_issues_repeats` FOREIGN KEY (`repeat_of_id`) REFERENCES `issues` (`id`) ON DELETE SET NULL, CONSTRAINT `issues_issues_duplicates` FOREIGN KEY (`duplicate_of_id`) REFERENCES `issues` (`id`) ON DELETE SET NULL, CONSTRAINT `issues_patrol_shifts_found_issues` FOREIGN KEY (`patrol_shift_id`) REFERENCES `patrol_shifts` (`id`) ON DELETE SET NULL, CONSTRAINT `issues_residents_reported_issues` FOREIGN KEY (`reporter_id`) REFERENCES `residents` (`id`) ON DELETE SET NULL);
-- Create index "issue_community_id_status_reported_at" to table: "issues"
CREATE INDEX `issue_community_id_status_reported_at` ON `issues` (`community_id`, `status`, `reported_at`);
-- Create index "issue_community_id_reported_at" to table: "issues"
CREATE INDEX `issue_community_id_reported_at` ON `issues` (`community_id`, `reported_at`);
-- Create index "issue_grid_id_status_reported_at" to table: "issues"
CREATE INDEX `issue_grid_id_status_reported_at` ON `issues` (`grid_id`, `status`, `reported_at`);
-- Create index "issue_compound_id_reported_at" to table: "issues"
CREATE INDEX `issue_compound_id_reported_at` ON `issues` (`compound_id`, `reported_at`);
-- Create index "issue_reporter_id_reported_at" to table: "issues"
CREATE INDEX `issue_reporter_id_reported_at` ON `issues` (`reporter_id`, `reported_at`);
-- Create index "issue_community_id_channel_category_reported_at" to table: "issues"
CREATE INDEX `issue_community_id_channel_category_reported_at` ON `issues` (`community_id`, `channel`, `category`, `reported_at`);
-- Create "issue_comments" table
CREATE TABLE `issue_comments` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `body` text NOT NULL, `visibility` text NOT NULL DEFAULT ('PUBLIC'), `community_id` text NOT NULL, `issue_id` text NOT NULL, `author_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `issue_comments_communities_issue_comments` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `issue_comments_issues_comments` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE NO ACTION, CONSTRAINT `issue_comments_users_author` FOREIGN KEY (`author_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "issuecomment_issue_id_created_at" to table: "issue_comments"
CREATE INDEX `issuecomment_issue_id_created_at` ON `issue_comments` (`issue_id`, `created_at`);
-- Create "issue_events" table
CREATE TABLE `issue_events` (`id` text NOT NULL, `kind` text NOT NULL, `from_status` text NULL, `to_status` text NULL, `note` text NULL, `occurred_at` datetime NOT NULL, `community_id` text NOT NULL, `issue_id` text NOT NULL, `actor_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `issue_events_communities_issue_events` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `issue_events_issues_events` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE NO ACTION, CONSTRAINT `issue_events_users_actor` FOREIGN KEY (`actor_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "issueevent_issue_id_occurred_at" to table: "issue_events"
CREATE INDEX `issueevent_issue_id_occurred_at` ON `issue_events` (`issue_id`, `occurred_at`);
-- Create index "issueevent_community_id_kind_occurred_at" to table: "issue_events"
CREATE INDEX `issueevent_community_id_kind_occurred_at` ON `issue_events` (`community_id`, `kind`, `occurred_at`);
-- Create "issue_photos" table
CREATE TABLE `issue_photos` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NOT NULL, `content_type` text NOT NULL, `size_bytes` integer NOT NULL, `width` integer NOT NULL, `height` integer NOT NULL, `community_id` text NOT NULL, `issue_id` text NOT NULL, `comment_id` text NULL, `uploader_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `issue_photos_communities_issue_photos` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `issue_photos_issues_photos` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE NO ACTION, CONSTRAINT `issue_photos_issue_comments_photos` FOREIGN KEY (`comment_id`) REFERENCES `issue_comments` (`id`) ON DELETE SET NULL, CONSTRAINT `issue_photos_users_uploader` FOREIGN KEY (`uploader_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "issuephoto_issue_id_created_at" to table: "issue_photos"
CREATE INDEX `issuephoto_issue_id_created_at` ON `issue_photos` (`issue_id`, `created_at`);
-- Create index "issuephoto_comment_id" to table: "issue_photos"
CREATE INDEX `issuephoto_comment_id` ON `issue_photos` (`comment_id`);
-- Create "login_attempts" table
CREATE TABLE `login_attempts` (`id` text NOT NULL, `login` text NOT NULL, `client_address` text NOT NULL, `succeeded` bool NOT NULL, `at` datetime NOT NULL, PRIMARY KEY (`id`));
-- Create index "loginattempt_login_at" to table: "login_attempts"
CREATE INDEX `loginattempt_login_at` ON `login_attempts` (`login`, `at`);
-- Create index "loginattempt_client_address_at" to table: "login_attempts"
CREATE INDEX `loginattempt_client_address_at` ON `login_attempts` (`client_address`, `at`);
-- Create "mediation_cases" table
CREATE TABLE `mediation_cases` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `outcome` text NULL, `agreement` text NULL, `opened_at` datetime NOT NULL, `closed_at` datetime NULL, `follow_up_on` datetime NULL, `community_id` text NOT NULL, `issue_id` text NULL, `meeting_point_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `mediation_cases_communities_mediation_cases` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `mediation_cases_issues_mediation_cases` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE SET NULL, CONSTRAINT `mediation_cases_meeting_points_mediation_cases` FOREIGN KEY (`meeting_point_id`) REFERENCES `meeting_points` (`id`) ON DELETE SET NULL);
-- Create index "mediationcase_community_id_opened_at" to table: "mediation_cases"
CREATE INDEX `mediationcase_community_id_opened_at` ON `mediation_cases` (`community_id`, `opened_at`);
-- Create index "mediationcase_community_id_status" to table: "mediation_cases"
CREATE INDEX `mediationcase_community_id_status` ON `mediation_cases` (`community_id`, `status`);
-- Create index "mediationcase_issue_id" to table: "mediation_cases"
CREATE INDEX `mediationcase_issue_id` ON `mediation_cases` (`issue_id`);
-- Create "mediation_parties" table
CREATE TABLE `mediation_parties` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `role` text NOT NULL, `community_id` text NOT NULL, `case_id` text NOT NULL, `resident_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `mediation_parties_communities_mediation_parties` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `mediation_parties_mediation_cases_parties` FOREIGN KEY (`case_id`) REFERENCES `mediation_cases` (`id`) ON DELETE NO ACTION, CONSTRAINT `mediation_parties_residents_mediation_parties` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE NO ACTION);
-- Create index "mediationparty_case_id_resident_id" to table: "mediation_parties"
CREATE UNIQUE INDEX `mediationparty_case_id_resident_id` ON `mediation_parties` (`case_id`, `resident_id`);
-- Create index "mediationparty_resident_id" to table: "mediation_parties"
CREATE INDEX `mediationparty_resident_id` ON `mediation_parties` (`resident_id`);
-- Create "mediation_sessions" table
CREATE TABLE `mediation_sessions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `place` text NULL, `started_at` datetime NOT NULL, `duration_minutes` integer NOT NULL, `notes` text NULL, `community_id` text NOT NULL, `case_id` text NOT NULL, `meeting_point_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `mediation_sessions_communities_mediation_sessions` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `mediation_sessions_mediation_cases_sessions` FOREIGN KEY (`case_id`) REFERENCES `mediation_cases` (`id`) ON DELETE NO ACTION, CONSTRAINT `mediation_sessions_meeting_points_mediation_sessions` FOREIGN KEY (`meeting_point_id`) REFERENCES `meeting_points` (`id`) ON DELETE SET NULL);
-- Create index "mediationsession_case_id_started_at" to table: "mediation_sessions"
CREATE INDEX `mediationsession_case_id_started_at` ON `mediation_sessions` (`case_id`, `started_at`);
-- Create index "mediationsession_community_id_started_at" to table: "mediation_sessions"
CREATE INDEX `mediationsession_community_id_started_at` ON `mediation_sessions` (`community_id`, `started_at`);
-- Create "meetings" table
CREATE TABLE `meetings` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `topic` text NOT NULL, `agenda` json NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NULL, `minutes` text NULL, `decisions` json NULL, `community_id` text NOT NULL, `meeting_point_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `meetings_communities_meetings` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `meetings_meeting_points_meetings` FOREIGN KEY (`meeting_point_id`) REFERENCES `meeting_points` (`id`) ON DELETE SET NULL);
-- Create index "meeting_community_id_starts_at" to table: "meetings"
CREATE INDEX `meeting_community_id_starts_at` ON `meetings` (`community_id`, `starts_at`);
-- Create index "meeting_meeting_point_id_starts_at" to table: "meetings"
CREATE INDEX `meeting_meeting_point_id_starts_at` ON `meetings` (`meeting_point_id`, `starts_at`);
-- Create "meeting_points" table
CREATE TABLE `meeting_points` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `name` text NOT NULL, `address` text NULL, `opening_hours` text NULL, `capacity` integer NULL, `latitude` real NULL, `longitude` real NULL, `community_id` text NOT NULL, `compound_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `meeting_points_communities_meeting_points` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `meeting_points_compounds_meeting_points` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE SET NULL);
-- Create index "meetingpoint_community_id_kind" to table: "meeting_points"
CREATE INDEX `meetingpoint_community_id_kind` ON `meeting_points` (`community_id`, `kind`);
-- Create "memberships" table
CREATE TABLE `memberships` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `role` text NOT NULL, `title` text NULL, `community_id` text NOT NULL, `grid_id` text NULL, `user_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `memberships_communities_memberships` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_grids_workers` FOREIGN KEY (`grid_id`) REFERENCES `grids` (`id`) ON DELETE SET NULL, CONSTRAINT `memberships_users_memberships` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Create index "membership_user_id_community_id_role" to table: "memberships"
CREATE UNIQUE INDEX `membership_user_id_community_id_role` ON `memberships` (`user_id`, `community_id`, `role`);
-- Create index "membership_community_id_role" to table: "memberships"
CREATE INDEX `membership_community_id_role` ON `memberships` (`community_id`, `role`);
-- Create "notices" table
CREATE TABLE `notices` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `audience` text NOT NULL DEFAULT ('COMMUNITY'), `title` text NOT NULL, `body` text NOT NULL, `published_at` datetime NULL, `expires_at` datetime NULL, `community_id` text NOT NULL, `compound_id` text NULL, `grid_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `notices_communities_notices` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `notices_compounds_notices` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE SET NULL, CONSTRAINT `notices_grids_notices` FOREIGN KEY (`grid_id`) REFERENCES `grids` (`id`) ON DELETE SET NULL);
-- Create index "notice_community_id_published_at" to table: "notices"
CREATE INDEX `notice_community_id_published_at` ON `notices` (`community_id`, `published_at`);
-- Create index "notice_grid_id_published_at" to table: "notices"
CREATE INDEX `notice_grid_id_published_at` ON `notices` (`grid_id`, `published_at`);
-- Create index "notice_compound_id_published_at" to table: "notices"
CREATE INDEX `notice_compound_id_published_at` ON `notices` (`compound_id`, `published_at`);
-- Create "organizations" table
CREATE TABLE `organizations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `address` text NULL, `contact_name` text NULL, `contact_phone` text NULL, `latitude` real NULL, `longitude` real NULL, `community_id` text NOT NULL, `grid_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `organizations_communities_organizations` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `organizations_grids_organizations` FOREIGN KEY (`grid_id`) REFERENCES `grids` (`id`) ON DELETE SET NULL);
-- Create index "organization_community_id_kind_name" to table: "organizations"
CREATE INDEX `organization_community_id_kind_name` ON `organizations` (`community_id`, `kind`, `name`);
-- Create index "organization_grid_id" to table: "organizations"
CREATE INDEX `organization_grid_id` ON `organizations` (`grid_id`);
-- Create "organization_reports" table
CREATE TABLE `organization_reports` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `period` text NOT NULL, `summary` text NOT NULL, `submitted_at` datetime NOT NULL, `community_id` text NOT NULL, `organization_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `organization_reports_communities_organization_reports` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `organization_reports_organizations_reports` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- Create index "organizationreport_organization_id_period" to table: "organization_reports"
CREATE INDEX `organizationreport_organization_id_period` ON `organization_reports` (`organization_id`, `period`);
-- Create index "organizationreport_community_id_submitted_at" to table: "organization_reports"
CREATE INDEX `organizationreport_community_id_submitted_at` ON `organization_reports` (`community_id`, `submitted_at`);
-- Create "patrol_members" table
CREATE TABLE `patrol_members` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `affiliation` text NOT NULL, `on_duty` bool NOT NULL DEFAULT (false), `last_latitude` real NULL, `last_longitude` real NULL, `last_located_at` datetime NULL, `community_id` text NOT NULL, `team_id` text NOT NULL, `user_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `patrol_members_communities_patrol_members` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `patrol_members_patrol_teams_members` FOREIGN KEY (`team_id`) REFERENCES `patrol_teams` (`id`) ON DELETE NO ACTION, CONSTRAINT `patrol_members_users_patrol_memberships` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE SET NULL);
-- Create index "patrolmember_team_id_name" to table: "patrol_members"
CREATE INDEX `patrolmember_team_id_name` ON `patrol_members` (`team_id`, `name`);
-- Create index "patrolmember_community_id_on_duty" to table: "patrol_members"
CREATE INDEX `patrolmember_community_id_on_duty` ON `patrol_members` (`community_id`, `on_duty`);
-- Create index "patrolmember_user_id" to table: "patrol_members"
CREATE INDEX `patrolmember_user_id` ON `patrol_members` (`user_id`);
-- Create "patrol_shifts" table
CREATE TABLE `patrol_shifts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `route` text NULL, `log` text NULL, `community_id` text NOT NULL, `team_id` text NOT NULL, `event_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `patrol_shifts_communities_patrol_shifts` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `patrol_shifts_patrol_teams_shifts` FOREIGN KEY (`team_id`) REFERENCES `patrol_teams` (`id`) ON DELETE NO ACTION, CONSTRAINT `patrol_shifts_public_events_security_shifts` FOREIGN KEY (`event_id`) REFERENCES `public_events` (`id`) ON DELETE SET NULL);
-- Create index "patrolshift_team_id_starts_at" to table: "patrol_shifts"
CREATE INDEX `patrolshift_team_id_starts_at` ON `patrol_shifts` (`team_id`, `starts_at`);
-- Create index "patrolshift_community_id_starts_at" to table: "patrol_shifts"
CREATE INDEX `patrolshift_community_id_starts_at` ON `patrol_shifts` (`community_id`, `starts_at`);
-- Create index "patrolshift_event_id" to table: "patrol_shifts"
CREATE INDEX `patrolshift_event_id` ON `patrol_shifts` (`event_id`);
-- Create "patrol_teams" table
CREATE TABLE `patrol_teams` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `description` text NULL, `community_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `patrol_teams_communities_patrol_teams` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION);
-- Create "public_events" table
CREATE TABLE `public_events` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `organizer` text NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `expected_attendance` integer NULL, `security_notes` text NULL, `community_id` text NOT NULL, `venue_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `public_events_communities_public_events` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `public_events_organizations_events` FOREIGN KEY (`venue_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- Create index "publicevent_community_id_starts_at" to table: "public_events"
CREATE INDEX `publicevent_community_id_starts_at` ON `public_events` (`community_id`, `starts_at`);
-- Create index "publicevent_venue_id_starts_at" to table: "public_events"
CREATE INDEX `publicevent_venue_id_starts_at` ON `public_events` (`venue_id`, `starts_at`);
-- Create "rental_housings" table
CREATE TABLE `rental_housings` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `landlord_name` text NULL, `building` text NOT NULL, `unit` text NULL, `room` text NOT NULL, `monthly_rent_fen` integer NULL, `lease_start` datetime NULL, `lease_end` datetime NULL, `registered_at` datetime NOT NULL, `community_id` text NOT NULL, `compound_id` text NOT NULL, `landlord_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `rental_housings_communities_rentals` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `rental_housings_compounds_rentals` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE NO ACTION, CONSTRAINT `rental_housings_residents_let_flats` FOREIGN KEY (`landlord_id`) REFERENCES `residents` (`id`) ON DELETE SET NULL);
-- Create index "rentalhousing_compound_id_building_unit_room" to table: "rental_housings"
CREATE INDEX `rentalhousing_compound_id_building_unit_room` ON `rental_housings` (`compound_id`, `building`, `unit`, `room`);
-- Create index "rentalhousing_community_id_registered_at" to table: "rental_housings"
CREATE INDEX `rentalhousing_community_id_registered_at` ON `rental_housings` (`community_id`, `registered_at`);
-- Create index "rentalhousing_landlord_id" to table: "rental_housings"
CREATE INDEX `rentalhousing_landlord_id` ON `rental_housings` (`landlord_id`);
-- Create "residents" table
CREATE TABLE `residents` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `phone` text NULL, `id_card_number` text NULL, `building` text NULL, `unit` text NULL, `room` text NULL, `residency` text NOT NULL DEFAULT ('OWNER'), `party_member` bool NOT NULL DEFAULT (false), `care_flags` json NULL, `hall_member` bool NOT NULL DEFAULT (false), `moved_in_at` datetime NULL, `community_id` text NOT NULL, `compound_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `residents_communities_residents` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `residents_compounds_residents` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE SET NULL);
-- Create index "resident_compound_id_name" to table: "residents"
CREATE INDEX `resident_compound_id_name` ON `residents` (`compound_id`, `name`);
-- Create index "resident_community_id_name" to table: "residents"
CREATE INDEX `resident_community_id_name` ON `residents` (`community_id`, `name`);
-- Create index "resident_community_id_phone" to table: "residents"
CREATE INDEX `resident_community_id_phone` ON `residents` (`community_id`, `phone`);
-- Create "service_records" table
CREATE TABLE `service_records` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `served_at` datetime NOT NULL, `duration_minutes` integer NOT NULL, `notes` text NULL, `community_id` text NOT NULL, `resident_id` text NULL, `steward_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `service_records_communities_service_records` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `service_records_residents_resident` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE SET NULL, CONSTRAINT `service_records_stewards_service_records` FOREIGN KEY (`steward_id`) REFERENCES `stewards` (`id`) ON DELETE NO ACTION);
-- Create index "servicerecord_steward_id_served_at" to table: "service_records"
CREATE INDEX `servicerecord_steward_id_served_at` ON `service_records` (`steward_id`, `served_at`);
-- Create index "servicerecord_community_id_served_at" to table: "service_records"
CREATE INDEX `servicerecord_community_id_served_at` ON `service_records` (`community_id`, `served_at`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` text NOT NULL, `token_hash` text NOT NULL, `created_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `client_address` text NULL, `user_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- Create index "session_user_id_expires_at" to table: "sessions"
CREATE INDEX `session_user_id_expires_at` ON `sessions` (`user_id`, `expires_at`);
-- Create "stewards" table
CREATE TABLE `stewards` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `work_unit` text NULL, `reported_at` datetime NOT NULL, `buildings` json NULL, `active` bool NOT NULL DEFAULT (true), `community_id` text NOT NULL, `resident_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `stewards_communities_stewards` FOREIGN KEY (`community_id`) REFERENCES `communities` (`id`) ON DELETE NO ACTION, CONSTRAINT `stewards_residents_steward` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE NO ACTION);
-- Create index "stewards_resident_id_key" to table: "stewards"
CREATE UNIQUE INDEX `stewards_resident_id_key` ON `stewards` (`resident_id`);
-- Create index "steward_community_id_reported_at" to table: "stewards"
CREATE INDEX `steward_community_id_reported_at` ON `stewards` (`community_id`, `reported_at`);
-- Create "users" table
CREATE TABLE `users` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NULL, `phone` text NULL, `display_name` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `password_hash` text NULL, `activation_code_hash` text NULL, `activation_expires_at` datetime NULL, `resident_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `users_residents_user` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE SET NULL);
-- Create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX `users_username_key` ON `users` (`username`);
-- Create index "users_phone_key" to table: "users"
CREATE UNIQUE INDEX `users_phone_key` ON `users` (`phone`);
-- Create index "users_resident_id_key" to table: "users"
CREATE UNIQUE INDEX `users_resident_id_key` ON `users` (`resident_id`);
-- Create "duty_shift_staff" table
CREATE TABLE `duty_shift_staff` (`duty_shift_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`duty_shift_id`, `user_id`), CONSTRAINT `duty_shift_staff_duty_shift_id` FOREIGN KEY (`duty_shift_id`) REFERENCES `duty_shifts` (`id`) ON DELETE CASCADE, CONSTRAINT `duty_shift_staff_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create "issue_assignees" table
CREATE TABLE `issue_assignees` (`issue_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`issue_id`, `user_id`), CONSTRAINT `issue_assignees_issue_id` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE CASCADE, CONSTRAINT `issue_assignees_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create "mediation_case_mediators" table
CREATE TABLE `mediation_case_mediators` (`mediation_case_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`mediation_case_id`, `user_id`), CONSTRAINT `mediation_case_mediators_mediation_case_id` FOREIGN KEY (`mediation_case_id`) REFERENCES `mediation_cases` (`id`) ON DELETE CASCADE, CONSTRAINT `mediation_case_mediators_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create "meeting_attendees" table
CREATE TABLE `meeting_attendees` (`meeting_id` text NOT NULL, `resident_id` text NOT NULL, PRIMARY KEY (`meeting_id`, `resident_id`), CONSTRAINT `meeting_attendees_meeting_id` FOREIGN KEY (`meeting_id`) REFERENCES `meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `meeting_attendees_resident_id` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE CASCADE);
-- Create "meeting_staff" table
CREATE TABLE `meeting_staff` (`meeting_id` text NOT NULL, `user_id` text NOT NULL, PRIMARY KEY (`meeting_id`, `user_id`), CONSTRAINT `meeting_staff_meeting_id` FOREIGN KEY (`meeting_id`) REFERENCES `meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `meeting_staff_user_id` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE);
-- Create "meeting_issues" table
CREATE TABLE `meeting_issues` (`meeting_id` text NOT NULL, `issue_id` text NOT NULL, PRIMARY KEY (`meeting_id`, `issue_id`), CONSTRAINT `meeting_issues_meeting_id` FOREIGN KEY (`meeting_id`) REFERENCES `meetings` (`id`) ON DELETE CASCADE, CONSTRAINT `meeting_issues_issue_id` FOREIGN KEY (`issue_id`) REFERENCES `issues` (`id`) ON DELETE CASCADE);
-- Create "patrol_shift_members" table
CREATE TABLE `patrol_shift_members` (`patrol_shift_id` text NOT NULL, `patrol_member_id` text NOT NULL, PRIMARY KEY (`patrol_shift_id`, `patrol_member_id`), CONSTRAINT `patrol_shift_members_patrol_shift_id` FOREIGN KEY (`patrol_shift_id`) REFERENCES `patrol_shifts` (`id`) ON DELETE CASCADE, CONSTRAINT `patrol_shift_members_patrol_member_id` FOREIGN KEY (`patrol_member_id`) REFERENCES `patrol_members` (`id`) ON DELETE CASCADE);
-- Create "rental_housing_tenants" table
CREATE TABLE `rental_housing_tenants` (`rental_housing_id` text NOT NULL, `resident_id` text NOT NULL, PRIMARY KEY (`rental_housing_id`, `resident_id`), CONSTRAINT `rental_housing_tenants_rental_housing_id` FOREIGN KEY (`rental_housing_id`) REFERENCES `rental_housings` (`id`) ON DELETE CASCADE, CONSTRAINT `rental_housing_tenants_resident_id` FOREIGN KEY (`resident_id`) REFERENCES `residents` (`id`) ON DELETE CASCADE);
-- Create "steward_compounds" table
CREATE TABLE `steward_compounds` (`steward_id` text NOT NULL, `compound_id` text NOT NULL, PRIMARY KEY (`steward_id`, `compound_id`), CONSTRAINT `steward_compounds_steward_id` FOREIGN KEY (`steward_id`) REFERENCES `stewards` (`id`) ON DELETE CASCADE, CONSTRAINT `steward_compounds_compound_id` FOREIGN KEY (`compound_id`) REFERENCES `compounds` (`id`) ON DELETE CASCADE);
