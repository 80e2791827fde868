package rosterfile

import (
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"time"

	"wutong/apperr"
	"wutong/calendar"
	"wutong/ent"
	"wutong/gid"
)

// ExportHandler serves the authenticated download of an export:
//
//	GET /exports/{kind}?communityID=…[&from=YYYY-MM-DD][&to=YYYY-MM-DD]
//
// with kind residents, issues or stats. It needs the viewer in the
// request's context (auth.Middleware or auth.ReadMiddleware before it):
// 401 without one, 403 for a viewer who may not export the community's
// records (as for a community where they hold no role), 404 for an
// unknown community (for administrators), 400 for bad parameters. The
// response is never cached, since it may hold personal information.
func ExportHandler(client *ent.Client, dialect string, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kindName := r.PathValue("kind")
		if kindName == "" {
			kindName = path.Base(r.URL.Path)
		}
		opts, err := exportRequest(kindName, r)
		if err != nil {
			fail(w, r, log, err)
			return
		}
		opts.Dialect = dialect
		wb, err := Export(r.Context(), client, opts)
		if err != nil {
			fail(w, r, log, err)
			return
		}
		defer wb.Close()
		h := w.Header()
		h.Set("Content-Type", ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": wb.Filename}))
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Export-Rows", strconv.Itoa(wb.Rows))
		if _, err := wb.WriteTo(w); err != nil {
			log.WarnContext(r.Context(), "writing an export", "kind", opts.Kind, "error", err)
		}
	})
}

// exportRequest reads the options of an export request.
func exportRequest(kindName string, r *http.Request) (ExportOptions, error) {
	var opts ExportOptions
	kind, err := ParseExportKind(kindName)
	if err != nil {
		return opts, err
	}
	opts.Kind = kind
	q := r.URL.Query()
	if opts.CommunityID, err = gid.Parse(q.Get("communityID")); err != nil || q.Get("communityID") == "" {
		return opts, apperr.InvalidField("communityID", "is not the ID of a community")
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &opts.From}, {"to", &opts.To}} {
		if v := q.Get(p.name); v != "" {
			d, err := calendar.Parse(v)
			if err != nil {
				return opts, apperr.InvalidField(p.name, "is not a date such as 2025-03-01")
			}
			*p.dst = d.In(time.UTC)
		}
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		return opts, apperr.InvalidField("to", "comes before from")
	}
	return opts, nil
}

// fail answers an export request that cannot be served.
func fail(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, msg := http.StatusInternalServerError, "the export failed; try again later"
	if e, ok := apperr.As(err); ok {
		switch e.Kind {
		case apperr.Invalid:
			status, msg = http.StatusBadRequest, e.Error()
		case apperr.NotFound:
			status, msg = http.StatusNotFound, e.Error()
		case apperr.Forbidden:
			status, msg = http.StatusForbidden, e.Error()
		case apperr.Unauthenticated:
			status, msg = http.StatusUnauthorized, e.Error()
		}
	}
	if errors.Is(err, r.Context().Err()) && r.Context().Err() != nil {
		return
	}
	if status == http.StatusInternalServerError {
		log.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "error", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, msg, status)
}
