package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"wutong/ent/issue"
	"wutong/ent/membership"
	"wutong/gid"
	"wutong/idempotency"
	"wutong/store"
	"wutong/store/storetest"
)

// keyed posts a query with an Idempotency-Key and returns the response and
// whether it was marked as replayed.
func (a *api) keyed(key, query string, vars map[string]any) (response, bool) {
	a.tb.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set(idempotency.Header, key)
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		a.tb.Errorf("decoding %q: %v", rec.Body.String(), err)
	}
	return r, rec.Header().Get(idempotency.ReplayedHeader) == "true"
}

// TestIdempotencyKey retries reportIssue with one key, one after another
// and all at once, as a phone on a flaky connection would: one issue is
// reported and every retry gets the first answer.
func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		newUser(t, s, "flaky.resident", "", "flaky password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		resident := a.as(a.login("flaky.resident", "flaky password")).on(t)
		const report = `mutation($in: ReportIssueInput!) { reportIssue(input: $in) { issue { id title } } }`
		in := func(title string) map[string]any {
			return map[string]any{"in": map[string]any{"issue": map[string]any{"communityID": f.community, "title": title,
				"kind": "PUBLIC_AFFAIR", "category": "SANITATION"}}}
		}
		idOf := func(r response) string {
			t.Helper()
			var out struct {
				ReportIssue struct{ Issue struct{ ID string } }
			}
			r.decode(t, &out)
			return out.ReportIssue.Issue.ID
		}
		count := func(title string) int {
			return s.Client.Issue.Query().Where(issue.Title(title)).CountX(system)
		}

		t.Run("TenRetries", func(t *testing.T) {
			var first string
			for i := range 10 {
				r, replayed := resident.keyed("6f1c2d9e-retry-one", report, in("楼道灯不亮"))
				id := idOf(r)
				if i == 0 {
					first = id
					if replayed {
						t.Errorf("the first request was marked as replayed")
					}
					continue
				}
				if id != first || !replayed {
					t.Errorf("retry %d: issue %s replayed %v, want %s replayed", i, id, replayed, first)
				}
			}
			if n := count("楼道灯不亮"); n != 1 {
				t.Errorf("%d issues after ten retries, want 1", n)
			}
		})
		t.Run("TenAtOnce", func(t *testing.T) {
			var wg sync.WaitGroup
			ids := make([]string, 10)
			if s.Dialect == dialect.Postgres {
				// Hold inserts into the key table until all ten have run
				// the mutation and wait to store their key, so that they
				// race for it: one commits, nine roll back and replay it.
				lock, err := s.DB.BeginTx(context.Background(), nil)
				if err != nil {
					t.Fatal(err)
				}
				defer lock.Rollback()
				if _, err := lock.Exec(`LOCK TABLE idempotency_keys IN SHARE MODE`); err != nil {
					t.Fatal(err)
				}
				go func() {
					defer lock.Commit()
					for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
						var waiting int
						if err := s.DB.QueryRow(`SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'idempotency_keys'::regclass
							AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&waiting); err != nil || waiting >= len(ids) {
							return
						}
					}
					t.Errorf("the ten requests did not all reach the key table")
				}()
			}
			for i := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, _ := resident.on(t).keyed("6f1c2d9e-at-once", report, in("井盖松动"))
					if len(r.Errors) > 0 {
						t.Errorf("request %d: %+v", i, r.Errors)
						return
					}
					var out struct {
						ReportIssue struct{ Issue struct{ ID string } }
					}
					json.Unmarshal(r.Data, &out)
					ids[i] = out.ReportIssue.Issue.ID
				}()
			}
			wg.Wait()
			for i, id := range ids {
				if id != ids[0] {
					t.Errorf("request %d got issue %s, request 0 got %s", i, id, ids[0])
				}
			}
			if n := count("井盖松动"); n != 1 {
				t.Errorf("%d issues after ten concurrent requests with one key, want 1", n)
			}
		})
		t.Run("KeyReusedForAnotherRequest", func(t *testing.T) {
			idOf(must1(resident.keyed("6f1c2d9e-reused", report, in("电梯异响"))))
			r, _ := resident.keyed("6f1c2d9e-reused", report, in("另一件事"))
			if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "CONFLICT" {
				t.Errorf("a key reused for another report: %+v %s", r.Errors, r.Data)
			}
			if n := count("另一件事"); n != 0 {
				t.Errorf("the second report was written")
			}
		})
		t.Run("KeysArePerUser", func(t *testing.T) {
			mine := idOf(must1(resident.keyed("6f1c2d9e-shared", report, in("树枝挡路"))))
			theirs := idOf(must1(a.keyed("6f1c2d9e-shared", report, in("树枝挡路"))))
			if mine == theirs || count("树枝挡路") != 2 {
				t.Errorf("two users with one key: %s and %s, %d issues", mine, theirs, count("树枝挡路"))
			}
		})
		t.Run("BadKeys", func(t *testing.T) {
			for _, key := range []string{"", strings.Repeat("k", 256), "密钥", "has space"} {
				r, _ := resident.keyed(key, report, in("坏钥匙"))
				if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
					t.Errorf("key %q: %+v", key, r.Errors)
				}
			}
			if n := count("坏钥匙"); n != 0 {
				t.Errorf("%d issues written with bad keys", n)
			}
		})
		t.Run("FailuresAreNotStored", func(t *testing.T) {
			bad := in("")
			for range 2 {
				r, replayed := resident.keyed("6f1c2d9e-failing", report, bad)
				if len(r.Errors) == 0 || replayed {
					t.Errorf("an empty title: %+v replayed %v", r.Errors, replayed)
				}
			}
		})
		t.Run("QueriesAreNotStored", func(t *testing.T) {
			for range 2 {
				if _, replayed := resident.keyed("6f1c2d9e-query", `{ me { id } }`, nil); replayed {
					t.Errorf("a query was replayed")
				}
			}
		})
	})
}

// must1 passes a keyed response on.
func must1(r response, _ bool) response { return r }
