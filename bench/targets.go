package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"wutong/bench/screens"
	"wutong/geo"
)

// screen is one of the benchmark's queries.
type screen struct {
	Key    string // a to f as in the issue; f1 is page 1 beside page N
	Op     string // the operation name in package screens
	Title  string
	Patrol bool // run as the patrol volunteer rather than the staff user
}

// allScreens are the screens in the order they are run.
var allScreens = []screen{
	{"a", "Dashboard", "staff dashboard", false},
	{"b", "IssueInFull", "issue in full", false},
	{"c", "Residents", "residents by name prefix", false},
	{"d", "Patrol", "patrol app", true},
	{"e", "Stats", "communityStats, a year", false},
	{"f", "IssuesPage", "issues page N by cursor", false},
	{"f1", "IssuesPage", "issues page 1", false},
}

// patrolFirst is the patrol screen's list size (Wutong's default for both lists).
const patrolFirst = 20

// target is a screen's request to one server and how to read its answer.
type target struct {
	body   []byte
	header http.Header
	canon  canonFunc
}

// gqlBody is a GraphQL request body.
func gqlBody(op, query string, vars map[string]any) ([]byte, error) {
	return json.Marshal(map[string]any{"operationName": op, "query": query, "variables": vars})
}

// header returns the headers of a request, with a bearer token if given.
func header(token string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return h
}

// wutongQueries are the screens' Wutong queries by operation name.
var wutongQueries = map[string]string{
	"Dashboard": screens.Dashboard, "IssueInFull": screens.IssueInFull, "Residents": screens.Residents,
	"Patrol": screens.Patrol, "Stats": screens.Stats, "IssuesPage": screens.IssuesPage,
}

// pgQueries are PostGraphile's.
var pgQueries = map[string]string{
	"Dashboard": pgDashboard, "IssueInFull": pgIssueInFull, "Residents": pgResidents,
	"Patrol": pgPatrol, "Stats": pgStats, "IssuesPage": pgIssuesPage,
}

// access is what the harness knows of the tokens and cursors.
type access struct {
	staffToken, patrolToken string
	pgCursor                string // PostGraphile's cursor before page N
	patrolRoles             map[string][]string
}

// buildTargets makes every screen's request to every server. Wutong and
// the floor get the same body (the floor reads only the operation name and
// the variables), except for page N's cursor, which each server encodes its
// own way; PostGraphile gets its own query.
func buildTargets(p *params, a access) (map[string]map[string]target, error) {
	from, to, bounds, err := p.period()
	if err != nil {
		return nil, err
	}
	wCursor, err := wutongCursor(p.PageAfterID, p.PageAfterAt)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]target{}
	for _, s := range allScreens {
		var wv, fv, pv map[string]any
		switch s.Key {
		case "a":
			wv = map[string]any{"community": p.Community, "first": p.First}
			pv = wv
		case "b":
			wv = map[string]any{"issue": p.Issue, "first": p.First}
			pv = wv
		case "c":
			wv = map[string]any{"compound": p.Compound, "prefix": p.Prefix, "first": p.First}
			pv = wv
		case "d":
			wv = map[string]any{"latitude": p.Latitude, "longitude": p.Longitude, "first": patrolFirst}
			pv = map[string]any{"member": p.PatrolMember, "first": patrolFirst, "nearby": nearbyFilter(p, a.patrolRoles)}
		case "e":
			wv = map[string]any{"community": p.Community, "from": from, "to": to}
			pv = map[string]any{"community": p.Community, "from": bounds[0], "to": bounds[1], "prevFrom": bounds[2], "prevTo": bounds[3]}
		case "f":
			wv = map[string]any{"community": p.Community, "first": p.PageSize, "after": wCursor}
			fv = map[string]any{"community": p.Community, "first": p.PageSize, "after": floorCursor(p.PageAfterID, p.PageAfterAt)}
			pv = map[string]any{"community": p.Community, "first": p.PageSize, "after": a.pgCursor}
		case "f1":
			wv = map[string]any{"community": p.Community, "first": p.PageSize, "after": nil}
			pv = map[string]any{"community": p.Community, "first": p.PageSize}
		}
		if fv == nil {
			fv = wv
		}
		token := a.staffToken
		if s.Patrol {
			token = a.patrolToken
		}
		wb, err := gqlBody(s.Op, wutongQueries[s.Op], wv)
		if err != nil {
			return nil, err
		}
		fb, err := gqlBody(s.Op, wutongQueries[s.Op], fv)
		if err != nil {
			return nil, err
		}
		pb, err := gqlBody(s.Op, pgQueries[s.Op], pv)
		if err != nil {
			return nil, err
		}
		out[s.Key] = map[string]target{
			wutong:       {body: wb, header: header(token), canon: canonOf(s, true, p)},
			floorServer:  {body: fb, header: header(token), canon: canonOf(s, true, p)},
			postgraphile: {body: pb, header: header(""), canon: canonOf(s, false, p)},
		}
	}
	return out, nil
}

// canonOf returns a screen's canonical form for Wutong's shape or
// PostGraphile's.
func canonOf(s screen, wutongShape bool, p *params) canonFunc {
	switch s.Op {
	case "Dashboard":
		return canonDashboard(wutongShape)
	case "IssueInFull":
		return canonIssueInFull(wutongShape)
	case "Residents":
		return canonResidents(wutongShape)
	case "Patrol":
		return canonPatrol(wutongShape, p.Latitude, p.Longitude, patrolFirst)
	case "Stats":
		return canonStats(wutongShape)
	}
	return canonIssuesPage(wutongShape)
}

// nearbyFilter is the patrol screen's filter of open hazards for
// PostGraphile: in the box around the circle, in the viewer's communities,
// and readable by the viewer under Wutong's rules (every issue of a
// community where an office role or property manager lets them read all,
// else their own: reported by them, assigned to them or dispatched to them).
func nearbyFilter(p *params, roles map[string][]string) map[string]any {
	b := geo.Around(p.Latitude, p.Longitude, patrolRadius)
	var all, full, own []string
	for c, rs := range roles {
		all = append(all, c)
		if slices.ContainsFunc(rs, func(r string) bool {
			return slices.Contains([]string{"POLICE_OFFICER", "AUXILIARY_OFFICER", "COMMUNITY_STAFF", "GRID_WORKER", "PROPERTY_MANAGER"}, r)
		}) {
			full = append(full, c)
		} else {
			own = append(own, c)
		}
	}
	slices.Sort(all)
	slices.Sort(full)
	slices.Sort(own)
	var readable []any
	if len(full) > 0 {
		readable = append(readable, map[string]any{"communityId": map[string]any{"in": full}})
	}
	if len(own) > 0 {
		mine := []any{
			map[string]any{"reportedById": map[string]any{"equalTo": p.PatrolUser}},
			map[string]any{"issueAssigneesByIssueId": map[string]any{"some": map[string]any{"userId": map[string]any{"equalTo": p.PatrolUser}}}},
			map[string]any{"dispatchesByIssueId": map[string]any{"some": map[string]any{
				"patrolMemberByMemberId": map[string]any{"userId": map[string]any{"equalTo": p.PatrolUser}}}}},
		}
		if p.PatrolResident != "" {
			mine = append(mine, map[string]any{"reporterId": map[string]any{"equalTo": p.PatrolResident}})
		}
		readable = append(readable, map[string]any{"and": []any{
			map[string]any{"communityId": map[string]any{"in": own}},
			map[string]any{"or": mine},
		}})
	}
	return map[string]any{
		"status":      map[string]any{"in": []string{"REPORTED", "ACKNOWLEDGED", "IN_PROGRESS", "REOPENED"}},
		"kind":        map[string]any{"in": []string{"HAZARD"}},
		"latitude":    map[string]any{"greaterThanOrEqualTo": b.MinLat, "lessThanOrEqualTo": b.MaxLat},
		"longitude":   map[string]any{"greaterThanOrEqualTo": b.MinLon, "lessThanOrEqualTo": b.MaxLon},
		"communityId": map[string]any{"in": all},
		"or":          readable,
	}
}

// rolesOf reads a user's roles by community.
func rolesOf(ctx context.Context, db *sql.DB, userID string) (map[string][]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT community_id, role FROM memberships WHERE user_id = $1 ORDER BY community_id, role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var c, r string
		if err := rows.Scan(&c, &r); err != nil {
			return nil, err
		}
		out[c] = append(out[c], r)
	}
	return out, rows.Err()
}

// client sends the harness's own requests (checks, counts, logins).
var client = &http.Client{Timeout: 2 * time.Minute}

// post sends a request and returns the answer's body; an answer other
// than 200 is an error.
func post(url string, body []byte, h http.Header) ([]byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = h.Clone()
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return b, fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, b)
	}
	return b, nil
}

// login logs in to Wutong and returns the bearer token.
func login(url, username, password string) (string, error) {
	body, err := json.Marshal(map[string]any{
		"query":     `mutation Login($in: LoginInput!) { login(input: $in) { token } }`,
		"variables": map[string]any{"in": map[string]string{"login": username, "password": password}},
	})
	if err != nil {
		return "", err
	}
	b, err := post(url, body, header(""))
	if err != nil {
		return "", fmt.Errorf("logging in as %s: %w", username, err)
	}
	var a struct {
		Data struct {
			Login struct {
				Token string `json:"token"`
			} `json:"login"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &a); err != nil || a.Data.Login.Token == "" {
		return "", fmt.Errorf("logging in as %s: %.300s", username, b)
	}
	return a.Data.Login.Token, nil
}

// pgCursorBefore asks PostGraphile for the cursor of the issue before page n.
func pgCursorBefore(url string, p *params) (string, error) {
	body, err := gqlBody("CursorAt", pgCursorAt, map[string]any{"community": p.Community, "offset": (p.Page-1)*p.PageSize - 1})
	if err != nil {
		return "", err
	}
	b, err := post(url, body, header(""))
	if err != nil {
		return "", err
	}
	var a struct {
		Data struct {
			AllIssues struct {
				Edges []struct {
					Cursor string `json:"cursor"`
					Node   struct {
						RowID string `json:"rowId"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"allIssues"`
		} `json:"data"`
	}
	if err := json.Unmarshal(b, &a); err != nil || len(a.Data.AllIssues.Edges) != 1 {
		return "", fmt.Errorf("PostGraphile's cursor of page %d: %.300s", p.Page, b)
	}
	if e := a.Data.AllIssues.Edges[0]; e.Node.RowID != p.PageAfterID {
		return "", fmt.Errorf("PostGraphile's issue before page %d is %s, not %s", p.Page, e.Node.RowID, p.PageAfterID)
	}
	return a.Data.AllIssues.Edges[0].Cursor, nil
}
