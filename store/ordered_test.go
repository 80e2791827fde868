package store

import "testing"

// TestOrderLimitedEdges checks the ORDER BY added to entgql's nested
// connection statements, as ent writes them for both databases, and that
// other statements are left alone.
func TestOrderLimitedEdges(t *testing.T) {
	for _, tc := range []struct{ name, query, want string }{{
		name:  "many-to-many on PostgreSQL",
		query: `WITH "src_query" AS (SELECT "t1"."issue_id", "users"."id", "users"."display_name" FROM "users" JOIN "issue_assignees" AS "t1" ON "users"."id" = "t1"."user_id" WHERE "t1"."issue_id" IN ($1, $2) AND ("users"."id" = $3 OR EXISTS (SELECT "memberships"."user_id" FROM "memberships" WHERE "users"."id" = "memberships"."user_id" AND "memberships"."community_id" IN ($4)))), "limited_query" AS (SELECT *, (ROW_NUMBER() OVER (PARTITION BY "issue_id" ORDER BY "id" ASC)) AS "row_number" FROM "src_query") SELECT "issue_id", "id", "display_name" FROM "limited_query" AS "users" WHERE "users"."row_number" <= $5`,
		want:  ` ORDER BY "id" ASC`,
	}, {
		name:  "one-to-many with last on SQLite",
		query: "WITH `src_query` AS (SELECT `issue_comments`.`id`, `issue_comments`.`body`, `issue_comments`.`issue_id` FROM `issue_comments` WHERE `issue_comments`.`issue_id` IN (?, ?) AND `issue_comments`.`community_id` IN (?)), `limited_query` AS (SELECT *, (ROW_NUMBER() OVER (PARTITION BY `issue_id` ORDER BY `id` DESC)) AS `row_number` FROM `src_query`) SELECT `id`, `body`, `issue_id` FROM `limited_query` AS `issue_comments` WHERE `issue_comments`.`row_number` <= ?",
		want:  " ORDER BY `id` DESC",
	}, {
		name:  "ordered by a field, then ID",
		query: `WITH "src_query" AS (SELECT "issues"."id", "issues"."reported_at", "issues"."grid_id" FROM "issues" WHERE "issues"."grid_id" IN ($1)), "limited_query" AS (SELECT *, (ROW_NUMBER() OVER (PARTITION BY "grid_id" ORDER BY "reported_at" DESC, "id" DESC)) AS "row_number" FROM "src_query") SELECT "id", "reported_at", "grid_id" FROM "limited_query" AS "issues" WHERE "issues"."row_number" <= $2`,
		want:  ` ORDER BY "reported_at" DESC, "id" DESC`,
	}, {
		name:  "an ordinary page",
		query: `SELECT "issues"."id" FROM "issues" WHERE "issues"."community_id" = $1 ORDER BY "issues"."id" LIMIT 11`,
	}, {
		name:  "already ordered",
		query: `WITH "src_query" AS (SELECT "a"."id", "a"."p" FROM "a"), "limited_query" AS (SELECT *, (ROW_NUMBER() OVER (PARTITION BY "p" ORDER BY "id" ASC)) AS "row_number" FROM "src_query") SELECT "id", "p" FROM "limited_query" AS "a" WHERE "a"."row_number" <= $1 ORDER BY "id" ASC`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := orderLimitedEdges(tc.query); got != tc.query+tc.want {
				t.Errorf("got\n%s\nwant the query followed by %q", got, tc.want)
			}
		})
	}
}
