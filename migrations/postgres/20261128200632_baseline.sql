-- Create "login_attempts" table
CREATE TABLE "login_attempts" ("id" character varying NOT NULL, "login" character varying NOT NULL, "client_address" character varying NOT NULL, "succeeded" boolean NOT NULL, "at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "loginattempt_client_address_at" to table: "login_attempts"
CREATE INDEX "loginattempt_client_address_at" ON "login_attempts" ("client_address", "at");
-- Create index "loginattempt_login_at" to table: "login_attempts"
CREATE INDEX "loginattempt_login_at" ON "login_attempts" ("login", "at");
-- Create "audit_logs" table
CREATE TABLE "audit_logs" ("id" character varying NOT NULL, "community_id" character varying NULL, "actor_id" character varying NOT NULL, "operation" character varying NOT NULL, "entity" character varying NOT NULL, "record_id" character varying NULL, "fields" jsonb NULL, "request_id" character varying NULL, "at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- Create index "auditlog_actor_id_at" to table: "audit_logs"
CREATE INDEX "auditlog_actor_id_at" ON "audit_logs" ("actor_id", "at");
-- Create index "auditlog_community_id_at" to table: "audit_logs"
CREATE INDEX "auditlog_community_id_at" ON "audit_logs" ("community_id", "at");
-- Create index "auditlog_record_id_at" to table: "audit_logs"
CREATE INDEX "auditlog_record_id_at" ON "audit_logs" ("record_id", "at");
-- Create "communities" table
CREATE TABLE "communities" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "code" character varying NOT NULL, "district" character varying NULL, "address" character varying NULL, "time_zone" character varying NOT NULL DEFAULT 'Asia/Shanghai', "area_square_meters" bigint NULL, "description" character varying NULL, "repeat_call_window_days" bigint NOT NULL DEFAULT 30, "repeat_call_radius_meters" bigint NOT NULL DEFAULT 100, "latitude" double precision NULL, "longitude" double precision NULL, PRIMARY KEY ("id"));
-- Create index "communities_code_key" to table: "communities"
CREATE UNIQUE INDEX "communities_code_key" ON "communities" ("code");
-- Create index "community_name" to table: "communities"
CREATE INDEX "community_name" ON "communities" ("name");
-- Create "access_logs" table
CREATE TABLE "access_logs" ("id" character varying NOT NULL, "viewer_id" character varying NOT NULL, "resident_id" character varying NOT NULL, "field" character varying NOT NULL, "reason" character varying NOT NULL, "request_id" character varying NULL, "at" timestamptz NOT NULL, "community_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "access_logs_communities_access_logs" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "accesslog_community_id_at" to table: "access_logs"
CREATE INDEX "accesslog_community_id_at" ON "access_logs" ("community_id", "at");
-- Create index "accesslog_resident_id_at" to table: "access_logs"
CREATE INDEX "accesslog_resident_id_at" ON "access_logs" ("resident_id", "at");
-- Create index "accesslog_viewer_id_at" to table: "access_logs"
CREATE INDEX "accesslog_viewer_id_at" ON "access_logs" ("viewer_id", "at");
-- Create "grids" table
CREATE TABLE "grids" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "code" character varying NOT NULL, "kind" character varying NOT NULL, "description" character varying NULL, "community_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "grids_communities_grids" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "grid_community_id_code" to table: "grids"
CREATE UNIQUE INDEX "grid_community_id_code" ON "grids" ("community_id", "code");
-- Create index "grid_community_id_name" to table: "grids"
CREATE INDEX "grid_community_id_name" ON "grids" ("community_id", "name");
-- Create "compounds" table
CREATE TABLE "compounds" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "address" character varying NULL, "management" character varying NOT NULL, "property_company" character varying NULL, "building_count" bigint NULL, "household_count" bigint NULL, "built_year" bigint NULL, "latitude" double precision NULL, "longitude" double precision NULL, "community_id" character varying NOT NULL, "grid_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "compounds_communities_compounds" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "compounds_grids_compounds" FOREIGN KEY ("grid_id") REFERENCES "grids" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "compound_community_id_name" to table: "compounds"
CREATE INDEX "compound_community_id_name" ON "compounds" ("community_id", "name");
-- Create index "compound_grid_id_name" to table: "compounds"
CREATE INDEX "compound_grid_id_name" ON "compounds" ("grid_id", "name");
-- Create "patrol_teams" table
CREATE TABLE "patrol_teams" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "description" character varying NULL, "community_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "patrol_teams_communities_patrol_teams" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create "organizations" table
CREATE TABLE "organizations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "kind" character varying NOT NULL, "address" character varying NULL, "contact_name" character varying NULL, "contact_phone" character varying NULL, "latitude" double precision NULL, "longitude" double precision NULL, "community_id" character varying NOT NULL, "grid_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "organizations_communities_organizations" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "organizations_grids_organizations" FOREIGN KEY ("grid_id") REFERENCES "grids" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "organization_community_id_kind_name" to table: "organizations"
CREATE INDEX "organization_community_id_kind_name" ON "organizations" ("community_id", "kind", "name");
-- Create index "organization_grid_id" to table: "organizations"
CREATE INDEX "organization_grid_id" ON "organizations" ("grid_id");
-- Create "public_events" table
CREATE TABLE "public_events" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "organizer" character varying NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NOT NULL, "expected_attendance" bigint NULL, "security_notes" character varying NULL, "community_id" character varying NOT NULL, "venue_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "public_events_communities_public_events" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "public_events_organizations_events" FOREIGN KEY ("venue_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "publicevent_community_id_starts_at" to table: "public_events"
CREATE INDEX "publicevent_community_id_starts_at" ON "public_events" ("community_id", "starts_at");
-- Create index "publicevent_venue_id_starts_at" to table: "public_events"
CREATE INDEX "publicevent_venue_id_starts_at" ON "public_events" ("venue_id", "starts_at");
-- Create "patrol_shifts" table
CREATE TABLE "patrol_shifts" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NOT NULL, "route" character varying NULL, "log" character varying NULL, "community_id" character varying NOT NULL, "team_id" character varying NOT NULL, "event_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "patrol_shifts_communities_patrol_shifts" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "patrol_shifts_patrol_teams_shifts" FOREIGN KEY ("team_id") REFERENCES "patrol_teams" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "patrol_shifts_public_events_security_shifts" FOREIGN KEY ("event_id") REFERENCES "public_events" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "patrolshift_community_id_starts_at" to table: "patrol_shifts"
CREATE INDEX "patrolshift_community_id_starts_at" ON "patrol_shifts" ("community_id", "starts_at");
-- Create index "patrolshift_event_id" to table: "patrol_shifts"
CREATE INDEX "patrolshift_event_id" ON "patrol_shifts" ("event_id");
-- Create index "patrolshift_team_id_starts_at" to table: "patrol_shifts"
CREATE INDEX "patrolshift_team_id_starts_at" ON "patrol_shifts" ("team_id", "starts_at");
-- Create "residents" table
CREATE TABLE "residents" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "phone" character varying NULL, "id_card_number" character varying NULL, "building" character varying NULL, "unit" character varying NULL, "room" character varying NULL, "residency" character varying NOT NULL DEFAULT 'OWNER', "party_member" boolean NOT NULL DEFAULT false, "care_flags" jsonb NULL, "hall_member" boolean NOT NULL DEFAULT false, "moved_in_at" timestamptz NULL, "community_id" character varying NOT NULL, "compound_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "residents_communities_residents" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "residents_compounds_residents" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "resident_community_id_name" to table: "residents"
CREATE INDEX "resident_community_id_name" ON "residents" ("community_id", "name");
-- Create index "resident_community_id_phone" to table: "residents"
CREATE INDEX "resident_community_id_phone" ON "residents" ("community_id", "phone");
-- Create index "resident_compound_id_name" to table: "residents"
CREATE INDEX "resident_compound_id_name" ON "residents" ("compound_id", "name");
-- Create "users" table
CREATE TABLE "users" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "username" character varying NULL, "phone" character varying NULL, "display_name" character varying NOT NULL, "active" boolean NOT NULL DEFAULT true, "password_hash" character varying NULL, "activation_code_hash" character varying NULL, "activation_expires_at" timestamptz NULL, "resident_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "users_residents_user" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "users_phone_key" to table: "users"
CREATE UNIQUE INDEX "users_phone_key" ON "users" ("phone");
-- Create index "users_resident_id_key" to table: "users"
CREATE UNIQUE INDEX "users_resident_id_key" ON "users" ("resident_id");
-- Create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX "users_username_key" ON "users" ("username");
-- Create "issues" table
CREATE TABLE "issues" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "description" character varying NULL, "kind" character varying NOT NULL, "category" character varying NOT NULL DEFAULT 'OTHER', "channel" character varying NOT NULL DEFAULT 'APP', "priority" character varying NOT NULL DEFAULT 'NORMAL', "status" character varying NOT NULL DEFAULT 'REPORTED', "incident_class" character varying NOT NULL DEFAULT 'NONE', "anonymous" boolean NOT NULL DEFAULT false, "address" character varying NULL, "reported_at" timestamptz NOT NULL, "acknowledged_at" timestamptz NULL, "started_at" timestamptz NULL, "first_arrival_at" timestamptz NULL, "resolved_at" timestamptz NULL, "closed_at" timestamptz NULL, "rating" bigint NULL, "feedback" character varying NULL, "resolution" character varying NULL, "version" bigint NOT NULL DEFAULT 0, "latitude" double precision NULL, "longitude" double precision NULL, "community_id" character varying NOT NULL, "compound_id" character varying NULL, "grid_id" character varying NULL, "reported_by_id" character varying NULL, "repeat_of_id" character varying NULL, "duplicate_of_id" character varying NULL, "patrol_shift_id" character varying NULL, "reporter_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "issues_communities_issues" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issues_compounds_issues" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issues_grids_issues" FOREIGN KEY ("grid_id") REFERENCES "grids" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issues_issues_duplicates" FOREIGN KEY ("duplicate_of_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issues_issues_repeats" FOREIGN KEY ("repeat_of_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issues_patrol_shifts_found_issues" FOREIGN KEY ("patrol_shift_id") REFERENCES "patrol_shifts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issues_residents_reported_issues" FOREIGN KEY ("reporter_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issues_users_reported_by" FOREIGN KEY ("reported_by_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "issue_community_id_channel_category_reported_at" to table: "issues"
CREATE INDEX "issue_community_id_channel_category_reported_at" ON "issues" ("community_id", "channel", "category", "reported_at");
-- Create index "issue_community_id_reported_at" to table: "issues"
CREATE INDEX "issue_community_id_reported_at" ON "issues" ("community_id", "reported_at");
-- Create index "issue_community_id_status_reported_at" to table: "issues"
CREATE INDEX "issue_community_id_status_reported_at" ON "issues" ("community_id", "status", "reported_at");
-- Create index "issue_compound_id_reported_at" to table: "issues"
CREATE INDEX "issue_compound_id_reported_at" ON "issues" ("compound_id", "reported_at");
-- Create index "issue_grid_id_status_reported_at" to table: "issues"
CREATE INDEX "issue_grid_id_status_reported_at" ON "issues" ("grid_id", "status", "reported_at");
-- Create index "issue_reporter_id_reported_at" to table: "issues"
CREATE INDEX "issue_reporter_id_reported_at" ON "issues" ("reporter_id", "reported_at");
-- Create "patrol_members" table
CREATE TABLE "patrol_members" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "affiliation" character varying NOT NULL, "on_duty" boolean NOT NULL DEFAULT false, "last_latitude" double precision NULL, "last_longitude" double precision NULL, "last_located_at" timestamptz NULL, "community_id" character varying NOT NULL, "team_id" character varying NOT NULL, "user_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "patrol_members_communities_patrol_members" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "patrol_members_patrol_teams_members" FOREIGN KEY ("team_id") REFERENCES "patrol_teams" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "patrol_members_users_patrol_memberships" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "patrolmember_community_id_on_duty" to table: "patrol_members"
CREATE INDEX "patrolmember_community_id_on_duty" ON "patrol_members" ("community_id", "on_duty");
-- Create index "patrolmember_team_id_name" to table: "patrol_members"
CREATE INDEX "patrolmember_team_id_name" ON "patrol_members" ("team_id", "name");
-- Create index "patrolmember_user_id" to table: "patrol_members"
CREATE INDEX "patrolmember_user_id" ON "patrol_members" ("user_id");
-- Create "dispatches" table
CREATE TABLE "dispatches" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "status" character varying NOT NULL DEFAULT 'SENT', "sent_at" timestamptz NOT NULL, "accepted_at" timestamptz NULL, "declined_at" timestamptz NULL, "arrived_at" timestamptz NULL, "completed_at" timestamptz NULL, "distance_meters" bigint NULL, "community_id" character varying NOT NULL, "issue_id" character varying NOT NULL, "member_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "dispatches_communities_dispatches" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "dispatches_issues_dispatches" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "dispatches_patrol_members_dispatches" FOREIGN KEY ("member_id") REFERENCES "patrol_members" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "dispatch_community_id_sent_at" to table: "dispatches"
CREATE INDEX "dispatch_community_id_sent_at" ON "dispatches" ("community_id", "sent_at");
-- Create index "dispatch_issue_id_sent_at" to table: "dispatches"
CREATE INDEX "dispatch_issue_id_sent_at" ON "dispatches" ("issue_id", "sent_at");
-- Create index "dispatch_member_id_sent_at" to table: "dispatches"
CREATE INDEX "dispatch_member_id_sent_at" ON "dispatches" ("member_id", "sent_at");
-- Create "donations" table
CREATE TABLE "donations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "donor_name" character varying NULL, "anonymous" boolean NOT NULL DEFAULT false, "kind" character varying NOT NULL, "amount_fen" bigint NULL, "goods" character varying NULL, "purpose" character varying NOT NULL, "donated_at" timestamptz NOT NULL, "community_id" character varying NOT NULL, "compound_id" character varying NULL, "donor_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "donations_communities_donations" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "donations_compounds_donations" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "donations_residents_donations" FOREIGN KEY ("donor_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "donation_community_id_purpose_donated_at" to table: "donations"
CREATE INDEX "donation_community_id_purpose_donated_at" ON "donations" ("community_id", "purpose", "donated_at");
-- Create index "donation_compound_id_donated_at" to table: "donations"
CREATE INDEX "donation_compound_id_donated_at" ON "donations" ("compound_id", "donated_at");
-- Create index "donation_donor_id" to table: "donations"
CREATE INDEX "donation_donor_id" ON "donations" ("donor_id");
-- Create "meeting_points" table
CREATE TABLE "meeting_points" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "name" character varying NOT NULL, "address" character varying NULL, "opening_hours" character varying NULL, "capacity" bigint NULL, "latitude" double precision NULL, "longitude" double precision NULL, "community_id" character varying NOT NULL, "compound_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "meeting_points_communities_meeting_points" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "meeting_points_compounds_meeting_points" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "meetingpoint_community_id_kind" to table: "meeting_points"
CREATE INDEX "meetingpoint_community_id_kind" ON "meeting_points" ("community_id", "kind");
-- Create "duty_shifts" table
CREATE TABLE "duty_shifts" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "body" character varying NOT NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NOT NULL, "note" character varying NULL, "community_id" character varying NOT NULL, "meeting_point_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "duty_shifts_communities_duty_shifts" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "duty_shifts_meeting_points_duty_shifts" FOREIGN KEY ("meeting_point_id") REFERENCES "meeting_points" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "dutyshift_community_id_starts_at" to table: "duty_shifts"
CREATE INDEX "dutyshift_community_id_starts_at" ON "duty_shifts" ("community_id", "starts_at");
-- Create index "dutyshift_meeting_point_id_starts_at" to table: "duty_shifts"
CREATE INDEX "dutyshift_meeting_point_id_starts_at" ON "duty_shifts" ("meeting_point_id", "starts_at");
-- Create "duty_shift_staff" table
CREATE TABLE "duty_shift_staff" ("duty_shift_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("duty_shift_id", "user_id"), CONSTRAINT "duty_shift_staff_duty_shift_id" FOREIGN KEY ("duty_shift_id") REFERENCES "duty_shifts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "duty_shift_staff_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "employee_registrations" table
CREATE TABLE "employee_registrations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "position" character varying NULL, "registered_at" timestamptz NOT NULL, "left_at" timestamptz NULL, "community_id" character varying NOT NULL, "organization_id" character varying NOT NULL, "resident_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "employee_registrations_communities_employee_registrations" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "employee_registrations_organizations_employees" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "employee_registrations_residents_employments" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "employeeregistration_organization_id_resident_id" to table: "employee_registrations"
CREATE UNIQUE INDEX "employeeregistration_organization_id_resident_id" ON "employee_registrations" ("organization_id", "resident_id");
-- Create index "employeeregistration_resident_id" to table: "employee_registrations"
CREATE INDEX "employeeregistration_resident_id" ON "employee_registrations" ("resident_id");
-- Create "issue_assignees" table
CREATE TABLE "issue_assignees" ("issue_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("issue_id", "user_id"), CONSTRAINT "issue_assignees_issue_id" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "issue_assignees_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "issue_comments" table
CREATE TABLE "issue_comments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "body" character varying NOT NULL, "visibility" character varying NOT NULL DEFAULT 'PUBLIC', "community_id" character varying NOT NULL, "issue_id" character varying NOT NULL, "author_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "issue_comments_communities_issue_comments" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issue_comments_issues_comments" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issue_comments_users_author" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "issuecomment_issue_id_created_at" to table: "issue_comments"
CREATE INDEX "issuecomment_issue_id_created_at" ON "issue_comments" ("issue_id", "created_at");
-- Create "issue_events" table
CREATE TABLE "issue_events" ("id" character varying NOT NULL, "kind" character varying NOT NULL, "from_status" character varying NULL, "to_status" character varying NULL, "note" character varying NULL, "occurred_at" timestamptz NOT NULL, "community_id" character varying NOT NULL, "issue_id" character varying NOT NULL, "actor_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "issue_events_communities_issue_events" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issue_events_issues_events" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issue_events_users_actor" FOREIGN KEY ("actor_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "issueevent_community_id_kind_occurred_at" to table: "issue_events"
CREATE INDEX "issueevent_community_id_kind_occurred_at" ON "issue_events" ("community_id", "kind", "occurred_at");
-- Create index "issueevent_issue_id_occurred_at" to table: "issue_events"
CREATE INDEX "issueevent_issue_id_occurred_at" ON "issue_events" ("issue_id", "occurred_at");
-- Create "issue_photos" table
CREATE TABLE "issue_photos" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "key" character varying NOT NULL, "content_type" character varying NOT NULL, "size_bytes" bigint NOT NULL, "width" bigint NOT NULL, "height" bigint NOT NULL, "community_id" character varying NOT NULL, "issue_id" character varying NOT NULL, "comment_id" character varying NULL, "uploader_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "issue_photos_communities_issue_photos" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issue_photos_issue_comments_photos" FOREIGN KEY ("comment_id") REFERENCES "issue_comments" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "issue_photos_issues_photos" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "issue_photos_users_uploader" FOREIGN KEY ("uploader_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "issuephoto_comment_id" to table: "issue_photos"
CREATE INDEX "issuephoto_comment_id" ON "issue_photos" ("comment_id");
-- Create index "issuephoto_issue_id_created_at" to table: "issue_photos"
CREATE INDEX "issuephoto_issue_id_created_at" ON "issue_photos" ("issue_id", "created_at");
-- Create "mediation_cases" table
CREATE TABLE "mediation_cases" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'OPEN', "outcome" character varying NULL, "agreement" character varying NULL, "opened_at" timestamptz NOT NULL, "closed_at" timestamptz NULL, "follow_up_on" timestamptz NULL, "community_id" character varying NOT NULL, "issue_id" character varying NULL, "meeting_point_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "mediation_cases_communities_mediation_cases" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "mediation_cases_issues_mediation_cases" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "mediation_cases_meeting_points_mediation_cases" FOREIGN KEY ("meeting_point_id") REFERENCES "meeting_points" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "mediationcase_community_id_opened_at" to table: "mediation_cases"
CREATE INDEX "mediationcase_community_id_opened_at" ON "mediation_cases" ("community_id", "opened_at");
-- Create index "mediationcase_community_id_status" to table: "mediation_cases"
CREATE INDEX "mediationcase_community_id_status" ON "mediation_cases" ("community_id", "status");
-- Create index "mediationcase_issue_id" to table: "mediation_cases"
CREATE INDEX "mediationcase_issue_id" ON "mediation_cases" ("issue_id");
-- Create "mediation_case_mediators" table
CREATE TABLE "mediation_case_mediators" ("mediation_case_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("mediation_case_id", "user_id"), CONSTRAINT "mediation_case_mediators_mediation_case_id" FOREIGN KEY ("mediation_case_id") REFERENCES "mediation_cases" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "mediation_case_mediators_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "mediation_parties" table
CREATE TABLE "mediation_parties" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "role" character varying NOT NULL, "community_id" character varying NOT NULL, "case_id" character varying NOT NULL, "resident_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "mediation_parties_communities_mediation_parties" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "mediation_parties_mediation_cases_parties" FOREIGN KEY ("case_id") REFERENCES "mediation_cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "mediation_parties_residents_mediation_parties" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "mediationparty_case_id_resident_id" to table: "mediation_parties"
CREATE UNIQUE INDEX "mediationparty_case_id_resident_id" ON "mediation_parties" ("case_id", "resident_id");
-- Create index "mediationparty_resident_id" to table: "mediation_parties"
CREATE INDEX "mediationparty_resident_id" ON "mediation_parties" ("resident_id");
-- Create "mediation_sessions" table
CREATE TABLE "mediation_sessions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "place" character varying NULL, "started_at" timestamptz NOT NULL, "duration_minutes" bigint NOT NULL, "notes" character varying NULL, "community_id" character varying NOT NULL, "case_id" character varying NOT NULL, "meeting_point_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "mediation_sessions_communities_mediation_sessions" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "mediation_sessions_mediation_cases_sessions" FOREIGN KEY ("case_id") REFERENCES "mediation_cases" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "mediation_sessions_meeting_points_mediation_sessions" FOREIGN KEY ("meeting_point_id") REFERENCES "meeting_points" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "mediationsession_case_id_started_at" to table: "mediation_sessions"
CREATE INDEX "mediationsession_case_id_started_at" ON "mediation_sessions" ("case_id", "started_at");
-- Create index "mediationsession_community_id_started_at" to table: "mediation_sessions"
CREATE INDEX "mediationsession_community_id_started_at" ON "mediation_sessions" ("community_id", "started_at");
-- Create "meetings" table
CREATE TABLE "meetings" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "topic" character varying NOT NULL, "agenda" jsonb NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NULL, "minutes" character varying NULL, "decisions" jsonb NULL, "community_id" character varying NOT NULL, "meeting_point_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "meetings_communities_meetings" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "meetings_meeting_points_meetings" FOREIGN KEY ("meeting_point_id") REFERENCES "meeting_points" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "meeting_community_id_starts_at" to table: "meetings"
CREATE INDEX "meeting_community_id_starts_at" ON "meetings" ("community_id", "starts_at");
-- Create index "meeting_meeting_point_id_starts_at" to table: "meetings"
CREATE INDEX "meeting_meeting_point_id_starts_at" ON "meetings" ("meeting_point_id", "starts_at");
-- Create "meeting_attendees" table
CREATE TABLE "meeting_attendees" ("meeting_id" character varying NOT NULL, "resident_id" character varying NOT NULL, PRIMARY KEY ("meeting_id", "resident_id"), CONSTRAINT "meeting_attendees_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "meeting_attendees_resident_id" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "meeting_issues" table
CREATE TABLE "meeting_issues" ("meeting_id" character varying NOT NULL, "issue_id" character varying NOT NULL, PRIMARY KEY ("meeting_id", "issue_id"), CONSTRAINT "meeting_issues_issue_id" FOREIGN KEY ("issue_id") REFERENCES "issues" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "meeting_issues_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "meeting_staff" table
CREATE TABLE "meeting_staff" ("meeting_id" character varying NOT NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("meeting_id", "user_id"), CONSTRAINT "meeting_staff_meeting_id" FOREIGN KEY ("meeting_id") REFERENCES "meetings" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "meeting_staff_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "memberships" table
CREATE TABLE "memberships" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "role" character varying NOT NULL, "title" character varying NULL, "community_id" character varying NOT NULL, "grid_id" character varying NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "memberships_communities_memberships" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "memberships_grids_workers" FOREIGN KEY ("grid_id") REFERENCES "grids" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "memberships_users_memberships" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "membership_community_id_role" to table: "memberships"
CREATE INDEX "membership_community_id_role" ON "memberships" ("community_id", "role");
-- Create index "membership_user_id_community_id_role" to table: "memberships"
CREATE UNIQUE INDEX "membership_user_id_community_id_role" ON "memberships" ("user_id", "community_id", "role");
-- Create "notices" table
CREATE TABLE "notices" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "audience" character varying NOT NULL DEFAULT 'COMMUNITY', "title" character varying NOT NULL, "body" character varying NOT NULL, "published_at" timestamptz NULL, "expires_at" timestamptz NULL, "community_id" character varying NOT NULL, "compound_id" character varying NULL, "grid_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "notices_communities_notices" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "notices_compounds_notices" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "notices_grids_notices" FOREIGN KEY ("grid_id") REFERENCES "grids" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "notice_community_id_published_at" to table: "notices"
CREATE INDEX "notice_community_id_published_at" ON "notices" ("community_id", "published_at");
-- Create index "notice_compound_id_published_at" to table: "notices"
CREATE INDEX "notice_compound_id_published_at" ON "notices" ("compound_id", "published_at");
-- Create index "notice_grid_id_published_at" to table: "notices"
CREATE INDEX "notice_grid_id_published_at" ON "notices" ("grid_id", "published_at");
-- Create "organization_reports" table
CREATE TABLE "organization_reports" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "period" character varying NOT NULL, "summary" character varying NOT NULL, "submitted_at" timestamptz NOT NULL, "community_id" character varying NOT NULL, "organization_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "organization_reports_communities_organization_reports" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "organization_reports_organizations_reports" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "organizationreport_community_id_submitted_at" to table: "organization_reports"
CREATE INDEX "organizationreport_community_id_submitted_at" ON "organization_reports" ("community_id", "submitted_at");
-- Create index "organizationreport_organization_id_period" to table: "organization_reports"
CREATE INDEX "organizationreport_organization_id_period" ON "organization_reports" ("organization_id", "period");
-- Create "patrol_shift_members" table
CREATE TABLE "patrol_shift_members" ("patrol_shift_id" character varying NOT NULL, "patrol_member_id" character varying NOT NULL, PRIMARY KEY ("patrol_shift_id", "patrol_member_id"), CONSTRAINT "patrol_shift_members_patrol_member_id" FOREIGN KEY ("patrol_member_id") REFERENCES "patrol_members" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "patrol_shift_members_patrol_shift_id" FOREIGN KEY ("patrol_shift_id") REFERENCES "patrol_shifts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "rental_housings" table
CREATE TABLE "rental_housings" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "landlord_name" character varying NULL, "building" character varying NOT NULL, "unit" character varying NULL, "room" character varying NOT NULL, "monthly_rent_fen" bigint NULL, "lease_start" timestamptz NULL, "lease_end" timestamptz NULL, "registered_at" timestamptz NOT NULL, "community_id" character varying NOT NULL, "compound_id" character varying NOT NULL, "landlord_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "rental_housings_communities_rentals" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "rental_housings_compounds_rentals" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "rental_housings_residents_let_flats" FOREIGN KEY ("landlord_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- Create index "rentalhousing_community_id_registered_at" to table: "rental_housings"
CREATE INDEX "rentalhousing_community_id_registered_at" ON "rental_housings" ("community_id", "registered_at");
-- Create index "rentalhousing_compound_id_building_unit_room" to table: "rental_housings"
CREATE INDEX "rentalhousing_compound_id_building_unit_room" ON "rental_housings" ("compound_id", "building", "unit", "room");
-- Create index "rentalhousing_landlord_id" to table: "rental_housings"
CREATE INDEX "rentalhousing_landlord_id" ON "rental_housings" ("landlord_id");
-- Create "rental_housing_tenants" table
CREATE TABLE "rental_housing_tenants" ("rental_housing_id" character varying NOT NULL, "resident_id" character varying NOT NULL, PRIMARY KEY ("rental_housing_id", "resident_id"), CONSTRAINT "rental_housing_tenants_rental_housing_id" FOREIGN KEY ("rental_housing_id") REFERENCES "rental_housings" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "rental_housing_tenants_resident_id" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- Create "stewards" table
CREATE TABLE "stewards" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "work_unit" character varying NULL, "reported_at" timestamptz NOT NULL, "buildings" jsonb NULL, "active" boolean NOT NULL DEFAULT true, "community_id" character varying NOT NULL, "resident_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "stewards_communities_stewards" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "stewards_residents_steward" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "steward_community_id_reported_at" to table: "stewards"
CREATE INDEX "steward_community_id_reported_at" ON "stewards" ("community_id", "reported_at");
-- Create index "stewards_resident_id_key" to table: "stewards"
CREATE UNIQUE INDEX "stewards_resident_id_key" ON "stewards" ("resident_id");
-- Create "service_records" table
CREATE TABLE "service_records" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kind" character varying NOT NULL, "served_at" timestamptz NOT NULL, "duration_minutes" bigint NOT NULL, "notes" character varying NULL, "community_id" character varying NOT NULL, "resident_id" character varying NULL, "steward_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "service_records_communities_service_records" FOREIGN KEY ("community_id") REFERENCES "communities" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "service_records_residents_resident" FOREIGN KEY ("resident_id") REFERENCES "residents" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "service_records_stewards_service_records" FOREIGN KEY ("steward_id") REFERENCES "stewards" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "servicerecord_community_id_served_at" to table: "service_records"
CREATE INDEX "servicerecord_community_id_served_at" ON "service_records" ("community_id", "served_at");
-- Create index "servicerecord_steward_id_served_at" to table: "service_records"
CREATE INDEX "servicerecord_steward_id_served_at" ON "service_records" ("steward_id", "served_at");
-- Create "sessions" table
CREATE TABLE "sessions" ("id" character varying NOT NULL, "token_hash" character varying NOT NULL, "created_at" timestamptz NOT NULL, "expires_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "client_address" character varying NULL, "user_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_users_sessions" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- Create index "session_user_id_expires_at" to table: "sessions"
CREATE INDEX "session_user_id_expires_at" ON "sessions" ("user_id", "expires_at");
-- Create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");
-- Create "steward_compounds" table
CREATE TABLE "steward_compounds" ("steward_id" character varying NOT NULL, "compound_id" character varying NOT NULL, PRIMARY KEY ("steward_id", "compound_id"), CONSTRAINT "steward_compounds_compound_id" FOREIGN KEY ("compound_id") REFERENCES "compounds" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "steward_compounds_steward_id" FOREIGN KEY ("steward_id") REFERENCES "stewards" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
