package graph_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"wutong/auth"
	"wutong/ent/membership"
	"wutong/ent/privacy"
	"wutong/ent/session"
	"wutong/gid"
	"wutong/store"
	"wutong/store/storetest"
)

// system is a context that may write anything, for setting up tests.
var system = privacy.DecisionContext(context.Background(), privacy.Allow)

// newUser creates a user with a password and roles, as an administrator would.
func newUser(tb testing.TB, s *store.Store, username, phone, password string, roles map[gid.ID]membership.Role) gid.ID {
	tb.Helper()
	// Test accounts hash at bcrypt's lowest cost so that the many logins of
	// the tests stay fast (under -race especially); logins check a hash at
	// the cost it was made with, and production hashes use auth's cost.
	if err := auth.ValidatePassword(password); err != nil {
		tb.Fatal(err)
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		tb.Fatal(err)
	}
	hash := string(b)
	c := s.Client.User.Create().SetUsername(username).SetDisplayName(username).SetPasswordHash(hash)
	if phone != "" {
		c.SetPhone(phone)
	}
	u := c.SaveX(system)
	for community, role := range roles {
		s.Client.Membership.Create().SetUserID(u.ID).SetCommunityID(community).SetRole(role).SaveX(system)
	}
	return u.ID
}

// login logs in through the API and returns the token.
func (a *api) login(login, password string) string {
	a.tb.Helper()
	var out struct{ Login struct{ Token string } }
	a.must(`mutation($in: LoginInput!) { login(input: $in) { token expiresAt user { id } } }`,
		map[string]any{"in": map[string]any{"login": login, "password": password}}, &out)
	return out.Login.Token
}

const loginMutation = `mutation($in: LoginInput!) { login(input: $in) { token } }`

func TestAccounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := newAPI(t, s)
		f := newFixture(a)
		staff := newUser(t, s, "staff.wang", "13900000001", "correct horse", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleCOMMUNITY_STAFF})
		resident := newUser(t, s, "resident.li", "13900000002", "battery staple", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
		admin := newUser(t, s, "admin", "", "admin password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleADMIN})

		t.Run("LoginByUsernameOrPhone", func(t *testing.T) {
			a := a.on(t)
			for _, login := range []string{"staff.wang", " Staff.Wang ", "13900000001"} {
				token := a.login(login, "correct horse")
				var me struct {
					Me struct {
						ID          string
						Memberships []struct{ Role string }
					}
				}
				a.as(token).must(`{ me { id memberships { role } } }`, nil, &me)
				if me.Me.ID != string(staff) || len(me.Me.Memberships) != 1 || me.Me.Memberships[0].Role != "COMMUNITY_STAFF" {
					t.Errorf("me after logging in as %q = %+v", login, me.Me)
				}
			}
		})

		t.Run("NobodyIsMeWithoutLogin", func(t *testing.T) {
			r := a.on(t).as("").do(`{ me { id } }`, nil)
			if string(r.Data) != `{"me":null}` || len(r.Errors) > 0 {
				t.Errorf("me without login = %s %v", r.Data, r.Errors)
			}
		})

		t.Run("WrongPasswordAndUnknownLoginLookAlike", func(t *testing.T) {
			a := a.on(t).from("192.0.2.10")
			e1 := a.fails(loginMutation, map[string]any{"in": map[string]any{"login": "resident.li", "password": "wrong"}}, "UNAUTHENTICATED", "")
			e2 := a.fails(loginMutation, map[string]any{"in": map[string]any{"login": "nobody.here", "password": "wrong"}}, "UNAUTHENTICATED", "")
			if e1.Message != e2.Message {
				t.Errorf("messages differ: %q and %q", e1.Message, e2.Message)
			}
		})

		t.Run("TokensAreStoredOnlyAsHashes", func(t *testing.T) {
			token := a.on(t).login("resident.li", "battery staple")
			sum := sha256.Sum256([]byte(token))
			n := s.Client.Session.Query().Where(session.TokenHash(hex.EncodeToString(sum[:]))).CountX(system)
			if n != 1 {
				t.Errorf("%d sessions hold the hash of the token, want 1", n)
			}
			if s.Client.Session.Query().Where(session.TokenHash(token)).ExistX(system) {
				t.Error("a session stores the token itself")
			}
		})

		t.Run("LogoutRevokesAtOnce", func(t *testing.T) {
			a := a.on(t)
			token := a.login("resident.li", "battery staple")
			a.as(token).must(`mutation { logout { loggedOut } }`, nil, nil)
			code, body := a.as(token).raw(`{ me { id } }`)
			if code != http.StatusUnauthorized || !strings.Contains(body, "UNAUTHENTICATED") {
				t.Errorf("after logout: %d %s", code, body)
			}
		})

		t.Run("ExpiredTokensAreRefused", func(t *testing.T) {
			a := a.on(t)
			token := a.login("resident.li", "battery staple")
			later := *a.svc
			later.Now = func() time.Time { return time.Now().Add(31 * 24 * time.Hour) }
			h := later.Middleware(a.h, false)
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ me { id } }"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("a token 31 days old: %d %s", rec.Code, rec.Body)
			}
		})

		t.Run("AdminRevokesSessions", func(t *testing.T) {
			a := a.on(t)
			victim := a.login("resident.li", "battery staple")
			a.as(a.login("staff.wang", "correct horse")).fails(`mutation($u: ID!) { revokeSessions(input: {userID: $u}) { revoked } }`,
				map[string]any{"u": resident}, "FORBIDDEN", "")
			var out struct{ RevokeSessions struct{ Revoked int } }
			a.as(a.login("admin", "admin password")).must(`mutation($u: ID!) { revokeSessions(input: {userID: $u}) { revoked } }`, map[string]any{"u": resident}, &out)
			if out.RevokeSessions.Revoked < 1 {
				t.Errorf("revoked %d sessions", out.RevokeSessions.Revoked)
			}
			if code, _ := a.as(victim).raw(`{ me { id } }`); code != http.StatusUnauthorized {
				t.Errorf("a revoked token still works: %d", code)
			}
		})

		t.Run("ActivationCodes", func(t *testing.T) {
			a := a.on(t).from("192.0.2.20")
			anon := a.as("")
			newcomer := newUser(t, s, "newcomer", "13900000009", "unused-password", map[gid.ID]membership.Role{gid.ID(f.community): membership.RoleRESIDENT})
			issue := `mutation($u: ID!) { issueActivationCode(input: {userID: $u}) { code expiresAt } }`
			a.as("").fails(issue, map[string]any{"u": newcomer}, "UNAUTHENTICATED", "")
			a.as(a.login("resident.li", "battery staple")).fails(issue, map[string]any{"u": newcomer}, "NOT_FOUND", "")
			var out struct{ IssueActivationCode struct{ Code string } }
			a.as(a.login("staff.wang", "correct horse")).must(issue, map[string]any{"u": newcomer}, &out)
			code := out.IssueActivationCode.Code
			anon.fails(loginMutation, map[string]any{"in": map[string]any{"login": "newcomer", "password": "unused-password"}}, "UNAUTHENTICATED", "")
			activate := `mutation($in: ActivateAccountInput!) { activateAccount(input: $in) { token user { id } } }`
			a.fails(activate, map[string]any{"in": map[string]any{"login": "newcomer", "code": code, "password": "short"}}, "BAD_USER_INPUT", "password")
			a.fails(activate, map[string]any{"in": map[string]any{"login": "newcomer", "code": "WRONGCODE", "password": "my new password"}}, "UNAUTHENTICATED", "")
			a.must(activate, map[string]any{"in": map[string]any{"login": "13900000009", "code": strings.ToLower(code), "password": "my new password"}}, nil)
			a.login("newcomer", "my new password")
			a.fails(activate, map[string]any{"in": map[string]any{"login": "newcomer", "code": code, "password": "another password"}}, "UNAUTHENTICATED", "")
		})

		t.Run("StaffCannotTakeOverOtherAccounts", func(t *testing.T) {
			a := a.on(t)
			staffToken := a.login("staff.wang", "correct horse")
			// Giving the administrator a role here does not make them staff's to manage.
			a.as(staffToken).must(`mutation($in: CreateMembershipInput!) { createMembership(input: $in) { membership { id } } }`,
				map[string]any{"in": map[string]any{"communityID": f.community, "userID": admin, "role": "RESIDENT"}}, nil)
			a.as(staffToken).fails(`mutation($u: ID!) { issueActivationCode(input: {userID: $u}) { code } }`, map[string]any{"u": admin}, "FORBIDDEN", "")
			a.as(staffToken).fails(`mutation($in: UserChange!) { updateUser(input: $in) { user { id } } }`,
				map[string]any{"in": map[string]any{"id": admin, "patch": map[string]any{"active": false}}}, "FORBIDDEN", "")
		})

		t.Run("FailuresAreThrottled", func(t *testing.T) {
			a := a.on(t).from("192.0.2.50")
			newUser(t, s, "throttled", "", "the right one", nil)
			for i := 0; i < 5; i++ {
				a.fails(loginMutation, map[string]any{"in": map[string]any{"login": "throttled", "password": "wrong"}}, "UNAUTHENTICATED", "")
			}
			e := a.fails(loginMutation, map[string]any{"in": map[string]any{"login": "throttled", "password": "the right one"}}, "RATE_LIMITED", "")
			if !strings.Contains(e.Message, "try again in 30 seconds") {
				t.Errorf("the refusal does not say when to retry: %q", e.Message)
			}
			// Someone else behind the same address (an office, a carrier's
			// NAT) still logs in to their own account.
			a.login("resident.li", "battery staple")
			// And the owner, from their own address.
			a.from("192.0.2.51").login("throttled", "the right one")
		})

		t.Run("CookieOnlyOnUnforgeableRequests", func(t *testing.T) {
			a := a.on(t)
			body := `{"query":"mutation { login(input: {login: \"resident.li\", password: \"battery staple\"}) { token } }"}`
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			a.h.ServeHTTP(rec, req)
			var cookie *http.Cookie
			for _, c := range rec.Result().Cookies() {
				if c.Name == auth.CookieName {
					cookie = c
				}
			}
			if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
				t.Fatalf("login set cookie %+v, want an HttpOnly SameSite=Lax session cookie", cookie)
			}
			me := func(method, ctype, body string, header map[string]string) string {
				req := httptest.NewRequest(method, "/graphql"+map[bool]string{true: "?query=%7B%20me%20%7B%20id%20%7D%20%7D", false: ""}[method == http.MethodGet], strings.NewReader(body))
				if ctype != "" {
					req.Header.Set("Content-Type", ctype)
				}
				for k, v := range header {
					req.Header.Set(k, v)
				}
				req.AddCookie(cookie)
				rec := httptest.NewRecorder()
				a.h.ServeHTTP(rec, req)
				return rec.Body.String()
			}
			if got := me(http.MethodPost, "application/json", `{"query":"{ me { id } }"}`, nil); !strings.Contains(got, string(resident)) {
				t.Errorf("cookie with a JSON POST: %s", got)
			}
			if got := me(http.MethodGet, "", "", nil); strings.Contains(got, string(resident)) {
				t.Errorf("cookie with a plain GET was honoured: %s", got)
			}
			if got := me(http.MethodGet, "", "", map[string]string{"X-Requested-With": "fetch"}); !strings.Contains(got, string(resident)) {
				t.Errorf("cookie with a GET and X-Requested-With: %s", got)
			}
			if got := me(http.MethodPost, "application/x-www-form-urlencoded", "query=%7B%20me%20%7B%20id%20%7D%20%7D", nil); strings.Contains(got, string(resident)) {
				t.Errorf("cookie with a form POST was honoured: %s", got)
			}
		})
	})
}
