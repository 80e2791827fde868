package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"wutong/geo"
	"wutong/stats"
)

// A canonical answer is a list of lines, one per record, with its IDs,
// titles, times (in UTC) and numbers written the same way whichever server
// gave it, in the order the screen shows them. Cursors, which each server
// encodes its own way, are left out; whether there is a next page is kept.

// canonFunc turns a server's "data" into canonical lines.
type canonFunc func(data any) ([]string, error)

// gqlAnswer is a GraphQL response.
type gqlAnswer struct {
	Data   any               `json:"data"`
	Errors []json.RawMessage `json:"errors"`
}

// canonical decodes a response body and applies canon to its data.
func canonical(body []byte, canon canonFunc) ([]string, error) {
	var a gqlAnswer
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&a); err != nil {
		return nil, fmt.Errorf("not a JSON answer: %.200s", body)
	}
	if len(a.Errors) > 0 {
		return nil, fmt.Errorf("GraphQL errors: %.600s", a.Errors[0])
	}
	return canon(a.Data)
}

// at walks a JSON value by object keys.
func at(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// items returns the list at a path (nil if there is none).
func items(v any, path ...string) []any {
	l, _ := at(v, path...).([]any)
	return l
}

// nodes returns the nodes of a Relay connection's edges.
func nodes(conn any) []any {
	var out []any
	for _, e := range items(conn, "edges") {
		out = append(out, at(e, "node"))
	}
	return out
}

// str writes a scalar canonically: null (and ""), strings as they are, numbers
// as the shortest form of their float64 value (PostGraphile sends bigint
// as a string, so a string that is a number is not told apart).
func str(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if x == "" {
			return "null" // Wutong writes optional text that is NULL as ""
		}
		return x
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// num reads a number sent as a JSON number or a string.
func num(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

// timeLayouts are the ways the servers write times: RFC 3339 (Wutong, the
// floor) and PostgreSQL's ISO form with microseconds (PostGraphile).
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999-07:00", "2006-01-02 15:04:05.999999-07"}

// ts writes a time canonically, in UTC.
func ts(v any) string {
	s, ok := v.(string)
	if !ok {
		return str(v)
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	}
	return s
}

// line joins fields with " | ".
func line(indent int, fields ...string) string {
	return strings.Repeat("  ", indent) + strings.Join(fields, " | ")
}

// fieldsOf writes the named fields of a JSON object; names ending in @
// are times.
func fieldsOf(v any, names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if t, ok := strings.CutSuffix(n, "@"); ok {
			out[i] = ts(at(v, t))
		} else {
			out[i] = str(at(v, n))
		}
	}
	return out
}

// ref writes a related record (or null) on a line of its own.
func ref(indent int, label string, v any, names ...string) string {
	if v == nil {
		return line(indent, label+" null")
	}
	return line(indent, append([]string{label}, fieldsOf(v, names...)...)...)
}

// hasNext writes whether a connection has a next page.
func hasNext(conn any) string { return "hasNextPage " + str(at(conn, "pageInfo", "hasNextPage")) }

// The canonical forms of each screen, from Wutong's shape (which the floor
// shares) and from PostGraphile's.

// canonDashboard reads screen (a): each issue with its reporter, compound,
// grid, assignees and comments, then whether there is a next page.
func canonDashboard(wutongShape bool) canonFunc {
	return func(data any) ([]string, error) {
		var out []string
		if wutongShape {
			conn := at(data, "issues")
			for _, n := range nodes(conn) {
				out = append(out, line(0, append([]string{"issue"}, fieldsOf(n, "id", "title", "kind", "status", "priority", "reportedAt@")...)...),
					ref(1, "reporter", at(n, "reporter"), "id", "name", "phone"),
					ref(1, "compound", at(n, "compound"), "id", "name"),
					ref(1, "grid", at(n, "grid"), "id", "name"))
				for _, a := range nodes(at(n, "assignees")) {
					out = append(out, ref(1, "assignee", a, "id", "displayName"))
				}
				for _, c := range nodes(at(n, "comments")) {
					out = append(out, ref(1, "comment", c, "id", "body", "createdAt@"))
				}
			}
			return append(out, hasNext(conn)), nil
		}
		conn := at(data, "allIssues")
		for _, n := range nodes(conn) {
			out = append(out, line(0, append([]string{"issue"}, fieldsOf(n, "rowId", "title", "kind", "status", "priority", "reportedAt@")...)...),
				ref(1, "reporter", at(n, "residentByReporterId"), "rowId", "name", "phone"),
				ref(1, "compound", at(n, "compoundByCompoundId"), "rowId", "name"),
				ref(1, "grid", at(n, "gridByGridId"), "rowId", "name"))
			for _, a := range items(n, "issueAssigneesByIssueId", "nodes") {
				out = append(out, ref(1, "assignee", at(a, "userByUserId"), "rowId", "displayName"))
			}
			for _, c := range items(n, "issueCommentsByIssueId", "nodes") {
				out = append(out, ref(1, "comment", c, "rowId", "body", "createdAt@"))
			}
		}
		return append(out, hasNext(conn)), nil
	}
}

// canonIssueInFull reads screen (b): the issue, its reporter, timeline,
// dispatches with their members, and mediation cases with parties and sessions.
func canonIssueInFull(wutongShape bool) canonFunc {
	return func(data any) ([]string, error) {
		k := map[bool]map[string]string{
			true: {"root": "node", "id": "id", "reporter": "reporter", "events": "events", "dispatches": "dispatches",
				"member": "member", "cases": "mediationCases", "parties": "parties", "resident": "resident", "sessions": "sessions"},
			false: {"root": "issueByRowId", "id": "rowId", "reporter": "residentByReporterId", "events": "issueEventsByIssueId",
				"dispatches": "dispatchesByIssueId", "member": "patrolMemberByMemberId", "cases": "mediationCasesByIssueId",
				"parties": "mediationPartiesByCaseId", "resident": "residentByResidentId", "sessions": "mediationSessionsByCaseId"},
		}[wutongShape]
		list := func(v any, name string) []any {
			if wutongShape {
				return nodes(at(v, name))
			}
			return items(v, name, "nodes")
		}
		is := at(data, k["root"])
		if is == nil {
			return []string{"issue null"}, nil
		}
		id := k["id"]
		out := []string{
			line(0, append([]string{"issue"}, fieldsOf(is, id, "title", "description", "kind", "category", "status", "reportedAt@", "resolvedAt@")...)...),
			ref(1, "reporter", at(is, k["reporter"]), id, "name", "phone"),
		}
		for _, e := range list(is, k["events"]) {
			out = append(out, ref(1, "event", e, id, "kind", "fromStatus", "toStatus", "note", "occurredAt@"))
		}
		for _, d := range list(is, k["dispatches"]) {
			out = append(out, ref(1, "dispatch", d, id, "status", "sentAt@", "arrivedAt@"),
				ref(2, "member", at(d, k["member"]), id, "name"))
		}
		for _, m := range list(is, k["cases"]) {
			out = append(out, ref(1, "mediation", m, id, "title", "status", "outcome"))
			for _, p := range list(m, k["parties"]) {
				out = append(out, ref(2, "party", p, "role"), ref(3, "resident", at(p, k["resident"]), id, "name"))
			}
			for _, s := range list(m, k["sessions"]) {
				out = append(out, ref(2, "session", s, "startedAt@", "durationMinutes"))
			}
		}
		return out, nil
	}
}

// canonResidents reads screen (c): the residents, then whether there is a
// next page.
func canonResidents(wutongShape bool) canonFunc {
	return func(data any) ([]string, error) {
		conn, id := at(data, "residents"), "id"
		if !wutongShape {
			conn, id = at(data, "allResidents"), "rowId"
		}
		var out []string
		for _, n := range nodes(conn) {
			out = append(out, ref(0, "resident", n, id, "name", "phone", "building", "unit", "room", "residency"))
		}
		return append(out, hasNext(conn)), nil
	}
}

// canonPatrol reads screen (d): the dispatches with their issues, then the
// nearby issues with their distances. It needs the place and page size to
// pick PostGraphile's nearest candidates the way Wutong's casework.Nearby does.
func canonPatrol(wutongShape bool, lat, lon float64, first int) canonFunc {
	return func(data any) ([]string, error) {
		var out []string
		if wutongShape {
			for _, d := range items(data, "myDispatches") {
				out = append(out, ref(0, "dispatch", d, "id", "status", "sentAt@"),
					ref(1, "issue", at(d, "issue"), "id", "title", "latitude", "longitude", "address"))
			}
			for _, n := range items(data, "nearbyIssues") {
				out = append(out, line(0, append([]string{"near", str(at(n, "distanceMeters"))},
					fieldsOf(at(n, "issue"), "id", "title", "status", "reportedAt@")...)...))
			}
			return out, nil
		}
		for _, d := range items(data, "allDispatches", "nodes") {
			out = append(out, ref(0, "dispatch", d, "rowId", "status", "sentAt@"),
				ref(1, "issue", at(d, "issueByIssueId"), "rowId", "title", "latitude", "longitude", "address"))
		}
		type near struct {
			d  int
			is any
		}
		var found []near
		for _, is := range items(data, "allIssues", "nodes") {
			la, ok1 := num(at(is, "latitude"))
			lo, ok2 := num(at(is, "longitude"))
			if !ok1 || !ok2 {
				continue
			}
			if d := geo.Distance(lat, lon, la, lo); d <= patrolRadius {
				found = append(found, near{int(math.Round(d)), is})
			}
		}
		slices.SortStableFunc(found, func(a, b near) int { return a.d - b.d })
		if len(found) > first {
			found = found[:first]
		}
		for _, f := range found {
			out = append(out, line(0, append([]string{"near", strconv.Itoa(f.d)},
				fieldsOf(f.is, "rowId", "title", "status", "reportedAt@")...)...))
		}
		return out, nil
	}
}

// patrolRadius is the patrol screen's radiusMeters.
const patrolRadius = 2000

// canonStats reads screen (e): each figure's value, previous value and
// change, computing the change for PostGraphile's counts.
func canonStats(wutongShape bool) canonFunc {
	full := []string{"issues", "disputes", "policeCalls", "repeatPoliceCalls"}
	only := []string{"preventableCases", "mediationsResolved"}
	return func(data any) ([]string, error) {
		var out []string
		if wutongShape {
			s := at(data, "communityStats")
			if s == nil {
				return nil, errors.New("no communityStats")
			}
			for _, f := range full {
				out = append(out, line(0, append([]string{f}, fieldsOf(at(s, f), "value", "previous", "changePercent")...)...))
			}
			for _, f := range only {
				out = append(out, line(0, f, str(at(s, f, "value"))))
			}
			return out, nil
		}
		count := func(alias string) (float64, error) {
			n, ok := num(at(data, alias, "totalCount"))
			if !ok {
				return 0, fmt.Errorf("no totalCount for %s", alias)
			}
			return n, nil
		}
		for _, f := range full {
			cur, err := count(f)
			if err != nil {
				return nil, err
			}
			prev, err := count(f + "Before")
			if err != nil {
				return nil, err
			}
			change := "null"
			if c := stats.Change(cur, prev); c != nil {
				change = strconv.FormatFloat(*c, 'g', -1, 64)
			}
			out = append(out, line(0, f, strconv.FormatFloat(cur, 'g', -1, 64), strconv.FormatFloat(prev, 'g', -1, 64), change))
		}
		for _, f := range only {
			cur, err := count(f)
			if err != nil {
				return nil, err
			}
			out = append(out, line(0, f, strconv.FormatFloat(cur, 'g', -1, 64)))
		}
		return out, nil
	}
}

// canonIssuesPage reads screens (f) and (f1): the page's issues, then
// whether there is a next page.
func canonIssuesPage(wutongShape bool) canonFunc {
	return func(data any) ([]string, error) {
		conn, id := at(data, "issues"), "id"
		if !wutongShape {
			conn, id = at(data, "allIssues"), "rowId"
		}
		var out []string
		for _, n := range nodes(conn) {
			out = append(out, ref(0, "issue", n, id, "title", "status", "reportedAt@"))
		}
		return append(out, hasNext(conn)), nil
	}
}

// diff describes how two canonical answers differ: "" if they are equal,
// else the first differing lines (at most max) with their numbers.
func diff(nameA string, a []string, nameB string, b []string, max int) string {
	if slices.Equal(a, b) {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "    %s has %d lines, %s has %d\n", nameA, len(a), nameB, len(b))
	shown := 0
	for i := 0; i < len(a) || i < len(b); i++ {
		la, lb := "(none)", "(none)"
		if i < len(a) {
			la = a[i]
		}
		if i < len(b) {
			lb = b[i]
		}
		if la == lb {
			continue
		}
		if shown == max {
			sb.WriteString("    ...\n")
			break
		}
		shown++
		fmt.Fprintf(&sb, "    line %d\n      %-12s %s\n      %-12s %s\n", i+1, nameA+":", la, nameB+":", lb)
	}
	return sb.String()
}
