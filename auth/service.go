package auth

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"

	"wutong/apperr"
	"wutong/ent"
	"wutong/ent/loginattempt"
	"wutong/ent/membership"
	"wutong/ent/predicate"
	"wutong/ent/privacy"
	"wutong/ent/session"
	"wutong/ent/user"
	"wutong/gid"
	"wutong/personal"
)

// Service logs users in and out and tells who a token belongs to. Every
// replica shares its state through the database.
type Service struct {
	client *ent.Client
	// TokenTTL is how long a login lasts.
	TokenTTL time.Duration
	// ActivationTTL is how long an activation code works.
	ActivationTTL time.Duration
	// Throttle says how failed logins slow further tries (see throttle).
	Throttle Throttle
	// Now is the clock; tests may set it.
	Now func() time.Time
	// viewers remembers, for ViewerCacheTTL, who a token belongs to, so
	// that most requests authenticate without a query (see Authenticate).
	viewers *expirable.LRU[string, cachedViewer]
}

// ViewerCacheTTL is how long a replica trusts what it read of a login: a
// logout, a disabled account or a changed role made through another
// replica takes effect within this time; on the replica that made the
// change, at once.
const ViewerCacheTTL = 5 * time.Second

// cachedViewer is a viewer read from the database, and when its session
// ends.
type cachedViewer struct {
	v       *Viewer
	expires time.Time
}

// NewService returns a Service with the default limits: 30-day logins,
// 72-hour activation codes, 5 failures in 15 minutes.
func NewService(client *ent.Client) *Service {
	s := &Service{
		client:        client,
		TokenTTL:      30 * 24 * time.Hour,
		ActivationTTL: 72 * time.Hour,
		Throttle:      DefaultThrottle,
		Now:           time.Now,
		viewers:       expirable.NewLRU[string, cachedViewer](10000, nil, ViewerCacheTTL),
	}
	// Any change to sessions, users or memberships made through this
	// client forgets what the cache holds; a new session or user changes
	// no one already cached, so logins leave the cache alone.
	forget := func(keepOnCreate bool) ent.Hook {
		return func(next ent.Mutator) ent.Mutator {
			return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v, err := next.Mutate(ctx, m)
				if !keepOnCreate || !m.Op().Is(ent.OpCreate) {
					s.viewers.Purge()
				}
				return v, err
			})
		}
	}
	client.Session.Use(forget(true))
	client.User.Use(forget(true))
	client.Membership.Use(forget(false))
	return s
}

// db is the transaction of the request, if it runs in one, else the client.
func (s *Service) db(ctx context.Context) *ent.Client {
	if tx := ent.FromContext(ctx); tx != nil {
		return tx
	}
	return s.client
}

// system lets the service read sessions and users whoever is asking.
func system(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// errBadLogin is the one answer to a wrong login or password, so that it
// does not tell which was wrong.
var errBadLogin = &apperr.Error{Kind: apperr.Unauthenticated, Message: "wrong login or password"}

// Login checks a login (phone number or username) and password, and opens
// a session. It refuses with RATE_LIMITED after too many failures for the
// login or from the address.
func (s *Service) Login(ctx context.Context, login, password, address string) (token string, u *ent.User, expires time.Time, err error) {
	ctx = system(ctx)
	key := normalise(login)
	if key == "" || len(key) > 64 {
		return "", nil, time.Time{}, errBadLogin
	}
	if err := s.throttle(ctx, key, address); err != nil {
		return "", nil, time.Time{}, err
	}
	u, err = s.find(ctx, key)
	if err != nil && !ent.IsNotFound(err) {
		return "", nil, time.Time{}, err
	}
	hash := ""
	if u != nil && u.Active {
		hash = u.PasswordHash
	}
	ok := checkPassword(hash, password)
	if _, err := s.db(ctx).LoginAttempt.Create().SetLogin(key).SetClientAddress(address).SetSucceeded(ok).SetAt(s.Now()).Save(ctx); err != nil {
		return "", nil, time.Time{}, err
	}
	if !ok {
		return "", nil, time.Time{}, errBadLogin
	}
	token, expires, err = s.open(ctx, u.ID, address)
	return token, u, expires, err
}

// open starts a session for a user.
func (s *Service) open(ctx context.Context, userID gid.ID, address string) (string, time.Time, error) {
	token, hash := newToken()
	expires := s.Now().Add(s.TokenTTL)
	_, err := s.db(ctx).Session.Create().
		SetUserID(userID).
		SetTokenHash(hash).
		SetExpiresAt(expires).
		SetClientAddress(address).
		Save(ctx)
	if err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// Throttle is how failed logins slow an attacker without locking out the
// innocent (after the OWASP authentication guidance). Failures within
// Window count three ways: for one login from one address (Pair), for one
// login from anywhere (Login: guessing one account from many addresses)
// and from one address for any login (Address: far higher, since an
// office or a mobile carrier puts many people behind one address). Past a
// limit, each further try waits until Backoff after the last failure,
// doubled for every failure beyond the limit, and never longer than
// Window. The address limit alone never refuses a login that has not
// failed from that address: one person's typos, or an attacker's, do not
// lock out their neighbours.
type Throttle struct {
	Pair, Login, Address int
	Window, Backoff      time.Duration
}

// DefaultThrottle: 5 failures of a login from one address, 20 of a login
// from anywhere, 100 from one address, within 15 minutes; waits from 30
// seconds.
var DefaultThrottle = Throttle{Pair: 5, Login: 20, Address: 100, Window: 15 * time.Minute, Backoff: 30 * time.Second}

// wait is how long a try must wait after n failures, the last at last,
// against limit: zero below the limit.
func (t Throttle) wait(now time.Time, n, limit int, last time.Time) time.Duration {
	if limit <= 0 || n < limit {
		return 0
	}
	d := t.Backoff
	for i := limit; i < n && d < t.Window; i++ {
		d *= 2
	}
	d = min(d, t.Window)
	return max(last.Add(d).Sub(now), 0)
}

// throttle refuses a login that must wait (see Throttle), saying when to
// try again. Every replica counts the same failures, in the database.
func (s *Service) throttle(ctx context.Context, key, address string) error {
	t, now := s.Throttle, s.Now()
	failures := func(preds ...predicate.LoginAttempt) (int, time.Time, error) {
		q := s.db(ctx).LoginAttempt.Query().Where(append(preds, loginattempt.Succeeded(false), loginattempt.AtGT(now.Add(-t.Window)))...)
		n, err := q.Clone().Count(ctx)
		if err != nil || n == 0 {
			return 0, time.Time{}, err
		}
		last, err := q.Order(ent.Desc(loginattempt.FieldAt)).First(ctx)
		if err != nil {
			return 0, time.Time{}, err
		}
		return n, last.At, nil
	}
	pair, pairLast, err := failures(loginattempt.Login(key), loginattempt.ClientAddress(address))
	if err != nil {
		return err
	}
	login, loginLast, err := failures(loginattempt.Login(key))
	if err != nil {
		return err
	}
	wait := max(t.wait(now, pair, t.Pair, pairLast), t.wait(now, login, t.Login, loginLast))
	if pair > 0 && address != "" {
		n, last, err := failures(loginattempt.ClientAddress(address))
		if err != nil {
			return err
		}
		wait = max(wait, t.wait(now, n, t.Address, last))
	}
	if wait > 0 {
		seconds := int((wait + time.Second - 1) / time.Second)
		return &apperr.Error{Kind: apperr.RateLimited, Message: fmt.Sprintf("too many failed logins; try again in %d seconds", seconds)}
	}
	return nil
}

// find returns the user a login names: a phone number or a username.
func (s *Service) find(ctx context.Context, key string) (*ent.User, error) {
	q := s.db(ctx).User.Query()
	if personal.ValidatePhone(key) == nil {
		return q.Where(user.Phone(key)).Only(ctx)
	}
	return q.Where(user.Username(key)).Only(ctx)
}

// normalise trims a login and lower-cases a username.
func normalise(login string) string {
	return strings.ToLower(strings.TrimSpace(login))
}

// Authenticate returns the viewer a token belongs to, or UNAUTHENTICATED
// for a token that is unknown, expired or revoked, or whose user may no
// longer log in.
func (s *Service) Authenticate(ctx context.Context, token string) (*Viewer, error) {
	key := hashSecret(token)
	if c, ok := s.viewers.Get(key); ok && s.Now().Before(c.expires) {
		return c.v, nil
	}
	ctx = system(ctx)
	sess, err := s.db(ctx).Session.Query().
		Where(session.TokenHash(key)).
		WithUser(func(q *ent.UserQuery) { q.WithMemberships() }).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "the token is not valid; log in again"}
	}
	if err != nil {
		return nil, err
	}
	u := sess.Edges.User
	if sess.RevokedAt != nil || !sess.ExpiresAt.After(s.Now()) || u == nil || !u.Active {
		return nil, &apperr.Error{Kind: apperr.Unauthenticated, Message: "the session has expired or was ended; log in again"}
	}
	v := &Viewer{UserID: u.ID, ResidentID: u.ResidentID, SessionID: sess.ID, Roles: map[gid.ID][]membership.Role{}}
	for _, m := range u.Edges.Memberships {
		v.Roles[m.CommunityID] = append(v.Roles[m.CommunityID], m.Role)
	}
	s.viewers.Add(key, cachedViewer{v: v, expires: sess.ExpiresAt})
	return v, nil
}

// Logout ends the viewer's session.
func (s *Service) Logout(ctx context.Context, v *Viewer) error {
	if v == nil || v.SessionID == "" {
		return nil
	}
	return s.db(ctx).Session.UpdateOneID(v.SessionID).SetRevokedAt(s.Now()).Exec(system(ctx))
}

// RevokeAll ends every open session of a user and returns how many.
func (s *Service) RevokeAll(ctx context.Context, userID gid.ID) (int, error) {
	return s.db(ctx).Session.Update().
		Where(session.UserID(userID), session.RevokedAtIsNil(), session.ExpiresAtGT(s.Now())).
		SetRevokedAt(s.Now()).
		Save(system(ctx))
}

// IssueActivationCode gives a user a new one-time activation code, with
// which they set their password: for a new account, or to reset a
// forgotten password. The user's password and sessions stop working.
func (s *Service) IssueActivationCode(ctx context.Context, userID gid.ID) (string, time.Time, error) {
	ctx = system(ctx)
	code, hash := newActivationCode()
	expires := s.Now().Add(s.ActivationTTL)
	err := s.db(ctx).User.UpdateOneID(userID).
		SetActivationCodeHash(hash).
		SetActivationExpiresAt(expires).
		SetPasswordHash("").
		Exec(ctx)
	if ent.IsNotFound(err) {
		return "", time.Time{}, apperr.NotFoundf("no user with ID %s", userID)
	}
	if err != nil {
		return "", time.Time{}, err
	}
	if _, err := s.RevokeAll(ctx, userID); err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// Activate sets a user's password with their activation code and logs them
// in. Wrong codes count as failed logins.
func (s *Service) Activate(ctx context.Context, login, code, password, address string) (string, *ent.User, time.Time, error) {
	ctx = system(ctx)
	if err := ValidatePassword(password); err != nil {
		return "", nil, time.Time{}, err
	}
	key := normalise(login)
	if err := s.throttle(ctx, key, address); err != nil {
		return "", nil, time.Time{}, err
	}
	u, err := s.find(ctx, key)
	if err != nil && !ent.IsNotFound(err) {
		return "", nil, time.Time{}, err
	}
	ok := u != nil && u.Active && u.ActivationCodeHash != "" && u.ActivationExpiresAt != nil &&
		u.ActivationExpiresAt.After(s.Now()) && u.ActivationCodeHash == hashSecret(strings.ToUpper(strings.TrimSpace(code)))
	if _, err := s.db(ctx).LoginAttempt.Create().SetLogin(key).SetClientAddress(address).SetSucceeded(ok).SetAt(s.Now()).Save(ctx); err != nil {
		return "", nil, time.Time{}, err
	}
	if !ok {
		return "", nil, time.Time{}, &apperr.Error{Kind: apperr.Unauthenticated, Message: "wrong login or activation code, or the code has expired"}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", nil, time.Time{}, err
	}
	u, err = s.db(ctx).User.UpdateOneID(u.ID).
		SetPasswordHash(hash).
		ClearActivationCodeHash().
		ClearActivationExpiresAt().
		Save(ctx)
	if err != nil {
		return "", nil, time.Time{}, err
	}
	token, expires, err := s.open(ctx, u.ID, address)
	return token, u, expires, err
}

// ChangePassword sets the viewer's password when the current one is given,
// and ends every other session of theirs, so that a stolen session does not
// outlive the change. A wrong current password counts as a failed login of
// the account and is throttled like one. It returns how many sessions it
// ended.
func (s *Service) ChangePassword(ctx context.Context, v *Viewer, current, next, address string) (int, error) {
	if v == nil {
		return 0, &apperr.Error{Kind: apperr.Unauthenticated, Message: "log in first"}
	}
	if err := ValidatePassword(next); err != nil {
		e, _ := apperr.As(err)
		return 0, apperr.InvalidField("newPassword", "%s", e.Message)
	}
	ctx = system(ctx)
	u, err := s.db(ctx).User.Get(ctx, v.UserID)
	if err != nil {
		return 0, err
	}
	key := string(u.ID)
	if err := s.throttle(ctx, key, address); err != nil {
		return 0, err
	}
	ok := checkPassword(u.PasswordHash, current)
	if _, err := s.db(ctx).LoginAttempt.Create().SetLogin(key).SetClientAddress(address).SetSucceeded(ok).SetAt(s.Now()).Save(ctx); err != nil {
		return 0, err
	}
	if !ok {
		return 0, &apperr.Error{Kind: apperr.Invalid, Field: "currentPassword", Message: "the current password is wrong"}
	}
	hash, err := HashPassword(next)
	if err != nil {
		return 0, err
	}
	if err := s.db(ctx).User.UpdateOneID(u.ID).SetPasswordHash(hash).ClearActivationCodeHash().ClearActivationExpiresAt().Exec(ctx); err != nil {
		return 0, err
	}
	return s.db(ctx).Session.Update().
		Where(session.UserID(u.ID), session.IDNEQ(v.SessionID), session.RevokedAtIsNil(), session.ExpiresAtGT(s.Now())).
		SetRevokedAt(s.Now()).
		Save(ctx)
}
