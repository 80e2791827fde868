package graph

import (
	"context"
	"fmt"
	"net/http"

	"github.com/99designs/gqlgen/graphql"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/casework"
	"wutong/ent"
	"wutong/ent/issue"
	"wutong/gid"
	"wutong/graph/model"
	"wutong/photos"
)

// maxPhotos is how many photos one report or comment may carry.
const maxPhotos = 9

// step is the casework.Step of a lifecycle mutation's input.
func step(id gid.ID, version *int, note *string) casework.Step {
	return casework.Step{IssueID: id, Version: version, Note: deref(note)}
}

// issuePayload wraps the result of a lifecycle step.
func issuePayload(is *ent.Issue, err error) (*model.IssuePayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.IssuePayload{Issue: is}, nil
}

// gcj02 reports whether a client's positions are in GCJ-02.
func gcj02(cs *model.CoordinateSystem) bool {
	return cs != nil && *cs == model.CoordinateSystemGcj02
}

// attachPhotos stores uploaded photos and records them on an issue (and
// comment). The files are content-addressed, so a failed transaction
// leaves at most an unreferenced file behind, never a broken record.
func (r *Resolver) attachPhotos(ctx context.Context, is *ent.Issue, commentID gid.ID, uploads []*graphql.Upload) error {
	if len(uploads) == 0 {
		return nil
	}
	if r.photos == nil {
		return apperr.InvalidField("photos", "this server does not take photos")
	}
	if len(uploads) > maxPhotos {
		return apperr.InvalidField("photos", "at most %d photos", maxPhotos)
	}
	db := r.db(ctx)
	ctx = authz.Doing(ctx, authz.OpPhotos)
	for i, u := range uploads {
		p, err := r.photos.Save(u.File, fmt.Sprintf("photos.%d", i))
		if err != nil {
			return err
		}
		create := db.IssuePhoto.Create().SetCommunityID(is.CommunityID).SetIssueID(is.ID).SetKey(p.Key).
			SetContentType(p.ContentType).SetSizeBytes(p.Size).SetWidth(p.Width).SetHeight(p.Height)
		if commentID != "" {
			create.SetCommentID(commentID)
		}
		if v := auth.FromContext(ctx); v != nil {
			create.SetUploaderID(v.UserID)
		}
		if _, err := create.Save(ctx); err != nil {
			return err
		}
	}
	return nil
}

// similarIssues shows the similar open issues near a report: in full to
// those who may read them, and otherwise with a title only for hazards and
// public affairs, which concern no one in person.
func similarIssues(ctx context.Context, db *ent.Client, found []casework.Similar) ([]*model.SimilarIssue, error) {
	out := make([]*model.SimilarIssue, 0, len(found))
	if len(found) == 0 {
		return out, nil
	}
	ids := make([]gid.ID, len(found))
	for i, s := range found {
		ids[i] = s.Issue.ID
	}
	readable, err := db.Issue.Query().Where(issue.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[gid.ID]*ent.Issue{}
	for _, is := range readable {
		byID[is.ID] = is
	}
	for _, s := range found {
		is := s.Issue
		title := &is.Title
		if byID[is.ID] == nil && is.Kind != issue.KindHAZARD && is.Kind != issue.KindPUBLIC_AFFAIR {
			title = nil
		}
		out = append(out, &model.SimilarIssue{ID: is.ID, Title: title, Kind: is.Kind, Category: is.Category, Status: is.Status,
			ReportedAt: is.ReportedAt, DistanceMeters: int(s.DistanceMeters), Issue: byID[is.ID]})
	}
	return out, nil
}

// visible returns a dispatch if the viewer may read it, and nil otherwise.
func visible(ctx context.Context, db *ent.Client, d *ent.Dispatch) (*ent.Dispatch, error) {
	if d == nil {
		return nil, nil
	}
	seen, err := db.Dispatch.Get(ctx, d.ID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return seen, err
}

// photoURL is where a photo is served.
func photoURL(p *ent.IssuePhoto) string { return "/photos/" + string(p.ID) }

// ServePhoto serves a stored photo to a viewer who may see its issue (the
// privacy policy decides, as for any query); others get 404 so that
// photo IDs reveal nothing.
func ServePhoto(client *ent.Client, store *photos.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ctx := req.Context()
		if auth.FromContext(ctx) == nil {
			http.Error(w, "log in first", http.StatusUnauthorized)
			return
		}
		id, err := gid.Parse(req.PathValue("id"))
		if err != nil {
			http.NotFound(w, req)
			return
		}
		p, err := client.IssuePhoto.Get(ctx, id)
		if ent.IsNotFound(err) {
			http.NotFound(w, req)
			return
		}
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		store.Serve(w, req, p.Key)
	})
}

// canSeeStats reports whether the viewer may see a community's figures:
// those who read all of its issues.
func canSeeStats(ctx context.Context, community gid.ID) error {
	v, err := auth.RequireViewer(ctx)
	if err != nil {
		return err
	}
	return authz.SeeFigures(v, community)
}
