package graph

import (
	"context"
	"errors"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"wutong/apperr"
	"wutong/auth"
	"wutong/ent"
	"wutong/idempotency"
)

// idempotent runs mutations in a transaction (see transactions) and, for
// a mutation sent with an Idempotency-Key, stores its response in that
// same transaction: a retry with the key gets the stored response, and
// of two concurrent requests with one key only one commits; the other is
// rolled back and answered with the first one's response.
type idempotent struct {
	client    *ent.Client
	tx        transactions
	presenter graphql.ErrorPresenterFunc
}

// ExtensionName implements graphql.HandlerExtension.
func (idempotent) ExtensionName() string { return "Idempotency" }

// Validate implements graphql.HandlerExtension.
func (i idempotent) Validate(s graphql.ExecutableSchema) error { return i.tx.Validate(s) }

// InterceptResponse implements graphql.ResponseInterceptor.
func (i idempotent) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	req := idempotency.FromContext(ctx)
	if req == nil || !graphql.HasOperationContext(ctx) {
		return i.tx.InterceptResponse(ctx, next)
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation || onlySessionFields(oc.Operation) {
		// Queries are safe to repeat, and logins are not replayed.
		return i.tx.InterceptResponse(ctx, next)
	}
	if err := idempotency.Valid(req.Key); err != nil {
		return i.fail(ctx, err)
	}
	principal := "address:" + auth.ClientAddress(ctx)
	if v := auth.FromContext(ctx); v != nil {
		principal = "user:" + string(v.UserID)
	}
	hash := idempotency.Hash(oc.RawQuery, oc.OperationName, oc.Variables)
	if resp, done := i.replay(ctx, req, principal, hash); done {
		return resp
	}
	raced := false
	resp := i.tx.InterceptResponse(ctx, func(ctx context.Context) *graphql.Response {
		resp := next(ctx)
		if len(resp.Errors) > 0 || resp.Data == nil {
			// Nothing was done: the transaction rolls back, and a retry
			// runs again.
			return resp
		}
		err := idempotency.Save(ctx, ent.FromContext(ctx), principal, req.Key, hash, resp.Data, time.Now())
		if errors.Is(err, idempotency.ErrRace) {
			// Not a fault: the other request's answer is replayed below.
			raced = true
			err = apperr.Conflictf("another request with this Idempotency-Key is being answered; send it again")
		}
		if err != nil {
			// An error rolls the mutation back with the key.
			return &graphql.Response{Errors: gqlerror.List{i.presenter(ctx, err)}}
		}
		return resp
	})
	if raced {
		if resp, done := i.replay(ctx, req, principal, hash); done {
			return resp
		}
	}
	return resp
}

// replay answers with the stored response for the key, if there is one.
func (i idempotent) replay(ctx context.Context, req *idempotency.Request, principal, hash string) (*graphql.Response, bool) {
	rec, err := idempotency.Lookup(ctx, i.client, principal, req.Key, time.Now())
	switch {
	case err != nil:
		return i.fail(ctx, err), true
	case rec == nil:
		return nil, false
	case rec.RequestHash != hash:
		return i.fail(ctx, idempotency.ErrReused), true
	}
	req.MarkReplayed()
	return &graphql.Response{
		Data:       rec.Response,
		Extensions: map[string]any{"idempotency": map[string]any{"replayed": true, "firstAnsweredAt": rec.CreatedAt.UTC().Format(time.RFC3339)}},
	}, true
}

// fail answers with one error, presented like any other.
func (i idempotent) fail(ctx context.Context, err error) *graphql.Response {
	return &graphql.Response{Errors: gqlerror.List{i.presenter(ctx, err)}}
}
