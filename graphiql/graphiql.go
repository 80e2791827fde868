// Package graphiql serves GraphiQL, the in-browser IDE for the GraphQL API,
// with the explorer plugin and a bar to log in and out.
//
// The page's scripts, style sheets, fonts and workers are embedded in the
// binary from graphiql/dist/, which is committed (see dist/README): it is
// built by `npm ci && npm run build` from the npm packages pinned in
// graphiql/package-lock.json. The page loads nothing from another host. A
// binary built without the bundle answers the page with 503 and says how
// to restore it.
//
// Mount the handler on the page's path and on AssetPrefix:
//
//	h := graphiql.Handler(graphiql.Options{Logger: log})
//	mux.Handle("GET /{$}", h)
//	mux.Handle("GET "+graphiql.AssetPrefix, h)
package graphiql

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// AssetPrefix is the path under which the handler serves the page's
// scripts, style sheets, fonts and workers.
const AssetPrefix = "/graphiql/"

// DefaultEndpoint is the GraphQL endpoint GraphiQL talks to when
// Options.Endpoint is empty.
const DefaultEndpoint = "/graphql"

// DefaultTitle is the page's title when Options.Title is empty.
const DefaultTitle = "Wutong GraphiQL"

// BuildCommand is how to build the offline bundle, run in graphiql/.
const BuildCommand = "npm ci && npm run build"

// Options configure Handler.
type Options struct {
	// Endpoint is the URL of the GraphQL API, DefaultEndpoint when empty.
	// An absolute URL on another origin is added to the page's CSP.
	Endpoint string
	// Logger gets the one message saying that the offline bundle is
	// missing; slog.Default() when nil.
	Logger *slog.Logger
	// Title is the page's title, DefaultTitle when empty.
	Title string

	// bundle replaces the embedded dist/ folder (tests).
	bundle fs.FS
}

//go:embed dist
var dist embed.FS

// manifest is dist/manifest.json, written by build.mjs: the paths, under
// dist/, of the page's script and style sheet.
type manifest struct {
	Script string `json:"script"`
	Style  string `json:"style"`
}

// asset is one file the handler serves.
type asset struct {
	body        []byte
	gzip        []byte // body compressed, or nil
	contentType string
	etag        string
	// immutable files have their content's hash in their name.
	immutable bool
}

// handler serves the page and its assets.
type handler struct {
	// status is the page's status: 200, or 503 without the bundle.
	status int
	page   []byte
	csp    string
	assets map[string]*asset // by path under AssetPrefix
}

// Handler returns the handler of GraphiQL's page, at "/", and of its
// assets, under AssetPrefix. It answers GET and HEAD; anything else under
// those paths is 404, or 405 for other methods.
func Handler(opts Options) http.Handler {
	if opts.Endpoint == "" {
		opts.Endpoint = DefaultEndpoint
	}
	if opts.Title == "" {
		opts.Title = DefaultTitle
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	bundle := opts.bundle
	if bundle == nil {
		sub, err := fs.Sub(dist, "dist")
		if err != nil {
			panic(err) // the embedded folder always exists
		}
		bundle = sub
	}
	h := &handler{assets: map[string]*asset{}}
	m, err := loadBundle(bundle, h.assets)
	if err != nil {
		clear(h.assets)
		log.Error("GraphiQL's bundle is missing from this build: restore graphiql/dist (git checkout graphiql/dist), or run `"+BuildCommand+"` in graphiql/, and rebuild the server",
			"reason", err.Error())
		h.missingPage()
	} else {
		h.offlinePage(opts, m)
	}
	return h
}

// loadBundle reads the offline bundle into assets.
func loadBundle(bundle fs.FS, assets map[string]*asset) (manifest, error) {
	var m manifest
	raw, err := fs.ReadFile(bundle, "manifest.json")
	if errors.Is(err, fs.ErrNotExist) {
		return m, errors.New("the offline bundle was not built (no graphiql/dist/manifest.json)")
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("graphiql/dist/manifest.json: %w", err)
	}
	err = fs.WalkDir(bundle, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(bundle, name)
		if err != nil {
			return err
		}
		// A file that compresses well is kept as NAME.gz only (build.mjs).
		if plain, ok := strings.CutSuffix(name, ".gz"); ok {
			body, err := gunzip(raw)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			a := newAsset(plain, body, true)
			a.gzip = raw
			assets[plain] = a
			return nil
		}
		assets[name] = newAsset(name, raw, true)
		return nil
	})
	if err != nil {
		return m, fmt.Errorf("graphiql/dist/assets: %w", err)
	}
	for _, name := range []string{m.Script, m.Style} {
		if assets[name] == nil {
			return m, fmt.Errorf("graphiql/dist/manifest.json names %q, which is missing", name)
		}
	}
	return m, nil
}

// gunzip inflates a gzip file.
func gunzip(gz []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// newAsset describes a file to serve. The ETag of an immutable file comes
// from its name, which has its content's hash.
func newAsset(name string, body []byte, immutable bool) *asset {
	tag := body
	if immutable {
		tag = []byte(name)
	}
	sum := sha256.Sum256(tag)
	return &asset{
		body:        body,
		contentType: contentType(name),
		etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
		immutable:   immutable,
	}
}

// contentTypes are the media types of the files the bundle has.
var contentTypes = map[string]string{
	".js":    "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".json":  "application/json",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".ttf":   "font/ttf",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".gif":   "image/gif",
}

// contentType is the media type of a file by its extension.
func contentType(name string) string {
	if t, ok := contentTypes[path.Ext(name)]; ok {
		return t
	}
	return "application/octet-stream"
}

// page is what the page's template is filled with.
type page struct {
	Title        string
	Endpoint     string
	DefaultQuery string
	Styles       []string
	Script       string
	// Loading is shown until the scripts start.
	Loading string
}

// pageTemplate is the page: the settings are data attributes of the root
// element, read by src/app.js, so the page has no inline script.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Title}}</title>
{{- range .Styles}}
<link rel="stylesheet" href="{{.}}">
{{- end}}
<script type="module" src="{{.Script}}"></script>
</head>
<body>
<div id="wutong-graphiql" data-endpoint="{{.Endpoint}}" data-title="{{.Title}}" data-default-query="{{.DefaultQuery}}">
<p class="wutong-loading">{{.Loading}}</p>
<noscript>GraphiQL needs JavaScript.</noscript>
</div>
</body>
</html>
`))

// render fills the page's template.
func (h *handler) render(p page) {
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		panic(err) // the template and its data are ours
	}
	h.page = b.Bytes()
}

// offlinePage is the page that loads everything from the server itself.
func (h *handler) offlinePage(opts Options, m manifest) {
	h.render(page{
		Title:        opts.Title,
		Endpoint:     opts.Endpoint,
		DefaultQuery: DefaultQuery,
		Styles:       []string{AssetPrefix + m.Style},
		Script:       AssetPrefix + m.Script,
		Loading:      "Loading GraphiQL…",
	})
	// Monaco, the editor, and Radix, its dialogs' library, add <style>
	// elements at run time (themes, decorations, scroll locking), which
	// style-src can only allow with 'unsafe-inline'; and Monaco draws the
	// squiggles under errors with data: SVG images it makes from the
	// theme's colours. Scripts, fonts and connections stay 'self'.
	h.csp = policy(
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'"+endpointOrigin(opts.Endpoint),
		"worker-src 'self'",
		"manifest-src 'self'",
		"base-uri 'none'",
		"form-action 'none'",
		"frame-ancestors 'none'",
	)
}

// missingPage answers the page of a binary built without the bundle: 503
// and how to restore it, with nothing to load.
func (h *handler) missingPage() {
	h.status = http.StatusServiceUnavailable
	h.page = []byte(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GraphiQL is missing</title></head>
<body><p>This server was built without GraphiQL's files (graphiql/dist). The operator can
restore them with <code>git checkout graphiql/dist</code>, or build them with
<code>` + BuildCommand + `</code> in graphiql/, and rebuild the server. The API at /graphql works.</p></body></html>
`)
	h.csp = policy("default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'")
}

// policy joins CSP directives.
func policy(directives ...string) string {
	return strings.Join(directives, "; ")
}

// endpointOrigin is " scheme://host" when the endpoint is on another
// origin, for connect-src, and "" for a path on this one.
func endpointOrigin(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return " " + u.Scheme + "://" + u.Host
}

// securityHeaders are sent with every answer.
func securityHeaders(w http.ResponseWriter) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
}

// assetPolicy is the CSP of the assets: it matters for the workers, whose
// policy is that of their own script.
const assetPolicy = "default-src 'none'; frame-ancestors 'none'"

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "/" {
		w.Header().Set("Content-Security-Policy", h.csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The page names the assets of this build: always revalidate it.
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Length", fmt.Sprint(len(h.page)))
		if h.status != 0 {
			w.WriteHeader(h.status)
		}
		if r.Method == http.MethodGet {
			w.Write(h.page)
		}
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, AssetPrefix)
	a := h.assets[name]
	if !ok || a == nil {
		w.Header().Set("Content-Security-Policy", assetPolicy)
		http.NotFound(w, r)
		return
	}
	h.serveAsset(w, r, a)
}

// serveAsset answers with one asset, compressed when the browser can take
// it, and with 304 when the browser has it.
func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", assetPolicy)
	hd.Set("Content-Type", a.contentType)
	if a.immutable {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "no-cache")
	}
	body, etag := a.body, a.etag
	if a.gzip != nil {
		hd.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = a.gzip, strings.TrimSuffix(a.etag, `"`)+`-gzip"`
			hd.Set("Content-Encoding", "gzip")
		}
	}
	hd.Set("ETag", etag)
	// ServeContent answers If-None-Match, Range and HEAD.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip: named
// without q=0, or through "*" when gzip is not named.
func acceptsGzip(header string) bool {
	star := false
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding != "gzip" && coding != "*" {
			continue
		}
		ok := true
		if q, found := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); found {
			ok = strings.Trim(q, "0.") != ""
		}
		if coding == "gzip" {
			return ok
		}
		star = ok
	}
	return star
}
