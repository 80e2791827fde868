// Package floor is the benchmark's floor: the least a server could do to
// answer the six screens of package screens, written by hand. It takes the
// same POST /graphql request as Wutong (it reads only the operation name and
// the variables, not the query text), checks the bearer token against the
// same sessions table, runs one or two SQL statements per screen through
// lib/pq, applies the same reading rules as Wutong's privacy policies for
// the viewers the benchmark uses (staff of a community and its patrol
// volunteers), shows personal information unmasked where Wutong would and
// writes the same access-log rows for it, and encodes an answer of the same
// JSON shape with encoding/json.
//
// Limits: administrators are refused, and records a viewer may read only as
// their own (the Own scope) are not shown on the staff screens; neither case
// arises in the benchmark.
package floor

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"

	"wutong/gid"
)

// viewerTTL is how long a token's viewer is trusted once read, as in
// Wutong's auth.ViewerCacheTTL.
const viewerTTL = 5 * time.Second

// maxPage is the largest page size Wutong accepts.
const maxPage = 100

// Options configure a floor Server.
type Options struct {
	// AccessLog writes the access-log rows of unmasked personal fields, as
	// Wutong does. Without it the floor only reads.
	AccessLog bool
}

// Server answers the benchmark's screens.
type Server struct {
	db   *sql.DB
	opts Options

	mu      sync.Mutex
	viewers map[string]cachedViewer
}

// cachedViewer is a viewer read from the database and until when to trust it.
type cachedViewer struct {
	v     *viewer
	until time.Time
}

// New returns a floor server on a lib/pq pool.
func New(db *sql.DB, opts Options) *Server {
	return &Server{db: db, opts: opts, viewers: map[string]cachedViewer{}}
}

// request is the part of a GraphQL request the floor reads.
type request struct {
	OperationName string          `json:"operationName"`
	Query         string          `json:"query"`
	Variables     json.RawMessage `json:"variables"`
}

// gqlError is one entry of a GraphQL answer's errors.
type gqlError struct {
	Message    string            `json:"message"`
	Extensions map[string]string `json:"extensions,omitempty"`
}

// failure is an error with the GraphQL error code to report.
type failure struct {
	code, msg string
}

// Error returns the message.
func (f *failure) Error() string { return f.msg }

// fail returns a failure with a code such as FORBIDDEN.
func fail(code, format string, args ...any) error {
	return &failure{code: code, msg: fmt.Sprintf(format, args...)}
}

// ServeHTTP answers POST /graphql and GET /healthz.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/healthz":
		_, _ = io.WriteString(w, "ok")
		return
	case r.URL.Path != "/graphql":
		http.NotFound(w, r)
		return
	case r.Method != http.MethodPost:
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	var req request
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		http.Error(w, "bad JSON body", http.StatusBadRequest)
		return
	}
	data, err := s.answer(r.Context(), r.Header.Get("Authorization"), req)
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	if err != nil {
		e := gqlError{Message: err.Error()}
		var f *failure
		if errors.As(err, &f) {
			e.Extensions = map[string]string{"code": f.code}
		}
		_ = enc.Encode(struct {
			Errors []gqlError `json:"errors"`
			Data   any        `json:"data"`
		}{[]gqlError{e}, nil})
		return
	}
	_ = enc.Encode(struct {
		Data any `json:"data"`
	}{data})
}

// answer runs the screen a request names.
func (s *Server) answer(ctx context.Context, authorization string, req request) (any, error) {
	op := req.OperationName
	if op == "" {
		op = operationName(req.Query)
	}
	token, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok || token == "" {
		return nil, fail("UNAUTHENTICATED", "log in first")
	}
	v, err := s.viewer(ctx, token)
	if err != nil {
		return nil, err
	}
	c := &call{s: s, v: v, reqID: randomHex(8), at: time.Now()}
	var out any
	switch op {
	case "Dashboard":
		out, err = c.dashboard(ctx, req.Variables)
	case "IssueInFull":
		out, err = c.issueInFull(ctx, req.Variables)
	case "Residents":
		out, err = c.residents(ctx, req.Variables)
	case "Patrol":
		out, err = c.patrol(ctx, req.Variables)
	case "Stats":
		out, err = c.stats(ctx, req.Variables)
	case "IssuesPage":
		out, err = c.issuesPage(ctx, req.Variables)
	default:
		return nil, fail("BAD_USER_INPUT", "the floor does not know the operation %q", op)
	}
	if err != nil {
		return nil, err
	}
	if err := c.flushAccessLog(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// operationName reads the name of the first operation of a query document.
func operationName(q string) string {
	q = strings.TrimSpace(q)
	rest, ok := strings.CutPrefix(q, "query")
	if !ok {
		return ""
	}
	rest = strings.TrimLeft(rest, " \t\r\n")
	end := strings.IndexAny(rest, "( \t\r\n{")
	if end < 0 {
		return rest
	}
	return rest[:end]
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// call is the work of one request.
type call struct {
	s     *Server
	v     *viewer
	reqID string
	at    time.Time

	// The access-log rows to write: one per resident and field shown.
	logged   map[string]bool
	logIDs   []string
	logRes   []string
	logField []string
	logComm  []string
	logWhy   []string
}

// pageSize checks a page size as Wutong's limits do.
func pageSize(first int) (int, error) {
	if first < 0 || first > maxPage {
		return 0, fail("BAD_USER_INPUT", "first must be from 0 to %d", maxPage)
	}
	return first, nil
}

// decode reads a request's variables.
func decode(raw json.RawMessage, dst any) error {
	if len(raw) == 0 {
		return fail("BAD_USER_INPUT", "variables are required")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fail("BAD_USER_INPUT", "bad variables: %v", err)
	}
	return nil
}

// utc returns t in UTC, as gqlgen's Time marshals it (RFC 3339 with
// nanoseconds, trailing zeros dropped).
func utc(t time.Time) time.Time { return t.UTC() }

// micros turns microseconds since the epoch into a time in UTC.
func micros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// nullable returns nil for an empty or NULL string. (Optional text that
// ent holds as a plain string, such as a timeline entry's note, Wutong
// writes as "" instead: the floor does the same for those.)
func nullable(s sql.NullString) *string {
	if !s.Valid || s.String == "" {
		return nil
	}
	return &s.String
}

// pageInfo is a connection's page information.
type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

// cursor encodes a position in an ordered list: an order value and an ID.
func cursor(value, id string) *string {
	s := base64.RawURLEncoding.EncodeToString([]byte(value + "\x00" + id))
	return &s
}

// IssueCursor is the floor's cursor after an issue in the order of the
// issues screens (reported_at, then id).
func IssueCursor(reportedAt time.Time, id string) string {
	return *cursor(reportedAt.UTC().Format(time.RFC3339Nano), id)
}

// parseCursor decodes a cursor made by cursor.
func parseCursor(c string) (value, id string, err error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", fail("BAD_USER_INPUT", "bad cursor")
	}
	value, id, ok := strings.Cut(string(b), "\x00")
	if !ok {
		return "", "", fail("BAD_USER_INPUT", "bad cursor")
	}
	return value, id, nil
}

// viewer is a logged-in user and their roles by community.
type viewer struct {
	userID     string
	residentID string
	roles      map[string][]string
}

// viewer returns the viewer of a bearer token, from the cache or from one
// statement over sessions, users and memberships.
func (s *Server) viewer(ctx context.Context, token string) (*viewer, error) {
	sum := sha256.Sum256([]byte(token))
	key := hex.EncodeToString(sum[:])
	now := time.Now()
	s.mu.Lock()
	c, ok := s.viewers[key]
	s.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.v, nil
	}
	const q = `SELECT s.user_id, coalesce(u.resident_id, ''), s.expires_at, s.revoked_at IS NOT NULL, u.active,
	coalesce(array_agg(m.community_id || ' ' || m.role) FILTER (WHERE m.id IS NOT NULL), '{}')
FROM sessions s
JOIN users u ON u.id = s.user_id
LEFT JOIN memberships m ON m.user_id = u.id
WHERE s.token_hash = $1
GROUP BY s.user_id, u.resident_id, s.expires_at, s.revoked_at, u.active`
	var (
		v       = &viewer{roles: map[string][]string{}}
		expires time.Time
		revoked bool
		active  bool
		roles   []string
	)
	err := s.db.QueryRowContext(ctx, q, key).Scan(&v.userID, &v.residentID, &expires, &revoked, &active, pq.Array(&roles))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fail("UNAUTHENTICATED", "the token is not valid; log in again")
	}
	if err != nil {
		return nil, err
	}
	if revoked || !expires.After(now) || !active {
		return nil, fail("UNAUTHENTICATED", "the session has expired or was ended; log in again")
	}
	for _, cr := range roles {
		community, role, _ := strings.Cut(cr, " ")
		if role == "ADMIN" {
			return nil, fail("FORBIDDEN", "the floor does not serve administrators")
		}
		v.roles[community] = append(v.roles[community], role)
	}
	until := now.Add(viewerTTL)
	if expires.Before(until) {
		until = expires
	}
	s.mu.Lock()
	s.viewers[key] = cachedViewer{v: v, until: until}
	s.mu.Unlock()
	return v, nil
}

// Roles whose scope over a kind of record is the whole community (Wutong's
// authz.Matrix): the office for almost everything, property managers also
// for issues and their comments and timelines.
var (
	office      = []string{"POLICE_OFFICER", "AUXILIARY_OFFICER", "COMMUNITY_STAFF", "GRID_WORKER"}
	issueReader = append(slices.Clone(office), "PROPERTY_MANAGER")
)

// with returns the viewer's communities where they hold one of roles, or
// any role if roles is nil, sorted.
func (v *viewer) with(roles []string) []string {
	var out []string
	for c, rs := range v.roles {
		for _, r := range rs {
			if roles == nil || slices.Contains(roles, r) {
				out = append(out, c)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// full returns the communities where the viewer reads every record of a
// kind; own those where they read only their own records.
func (v *viewer) full(kind string) []string {
	switch kind {
	case "Issue", "IssueComment", "IssueEvent":
		return v.with(issueReader)
	case "Grid", "Compound":
		return v.with(nil)
	}
	return v.with(office)
}

// unmaskReason is why the viewer sees a resident's phone or address in
// full ("" if they do not): a role of the resident's community that unmasks
// it (the office roles unmask both, as authz.Unmask says).
func (v *viewer) unmaskReason(community string) string {
	for _, r := range v.roles[community] {
		if slices.Contains(office, r) {
			return "role " + r
		}
	}
	return ""
}

// reveal returns a personal field of a resident as the viewer may see it,
// recording the read for the access log: nil for an empty value, the value
// if the viewer is the resident or has a reason, the masked value otherwise.
func (c *call) reveal(residentID, community, field string, value sql.NullString, mask func(string) string) *string {
	if !value.Valid || value.String == "" {
		return nil
	}
	s := value.String
	if residentID != "" && residentID == c.v.residentID {
		return &s
	}
	why := c.v.unmaskReason(community)
	if why == "" {
		s = mask(s)
		return &s
	}
	key := residentID + "/" + field
	if c.logged == nil {
		c.logged = map[string]bool{}
	}
	if !c.logged[key] {
		c.logged[key] = true
		c.logIDs = append(c.logIDs, string(gid.New("AccessLog")))
		c.logRes = append(c.logRes, residentID)
		c.logField = append(c.logField, field)
		c.logComm = append(c.logComm, community)
		c.logWhy = append(c.logWhy, why)
	}
	return &s
}

// flushAccessLog writes the request's access-log rows in one statement.
func (c *call) flushAccessLog(ctx context.Context) error {
	if !c.s.opts.AccessLog || len(c.logIDs) == 0 {
		return nil
	}
	const q = `INSERT INTO access_logs (id, viewer_id, resident_id, field, reason, request_id, at, community_id)
SELECT l.id, $2, l.resident, l.field, l.reason, $3, $4, l.community
FROM unnest($1::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS l(id, resident, field, community, reason)`
	_, err := c.s.db.ExecContext(ctx, q, pq.Array(c.logIDs), c.v.userID, c.reqID, c.at,
		pq.Array(c.logRes), pq.Array(c.logField), pq.Array(c.logComm), pq.Array(c.logWhy))
	return err
}
