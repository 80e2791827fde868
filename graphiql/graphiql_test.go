package graphiql

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// gz compresses b.
func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// fakeBundle is a built dist/ folder with a few files; a file that
// compresses well is there as NAME.gz only, as build.mjs writes it.
func fakeBundle(t *testing.T) fstest.MapFS {
	script := []byte("console.log('graphiql');\n")
	return fstest.MapFS{
		"README":                        {Data: []byte("placeholder")},
		"manifest.json":                 {Data: []byte(`{"script":"assets/graphiql-ABC123.js","style":"assets/graphiql-0123abcd.css"}`)},
		"assets/graphiql-ABC123.js.gz":  {Data: gz(t, script)}, // kept compressed only
		"assets/graphiql-0123abcd.css":  {Data: []byte("body{margin:0}")},
		"assets/chunk-XYZ.js":           {Data: []byte("export const x=1;")},
		"assets/editor.worker-QWE.js":   {Data: []byte("self.onmessage=()=>{};")},
		"assets/5f3c1e0a9b8d7c6e.woff2": {Data: []byte("wOF2")},
		"assets/0a1b2c3d4e5f6a7b.ttf":   {Data: []byte("ttf")},
		"assets/0a1b2c3d4e5f6a7c.svg":   {Data: []byte("<svg/>")},
		"assets/0a1b2c3d4e5f6a7d.png":   {Data: []byte("png")},
	}
}

// get asks the handler for a path.
func get(t *testing.T, h http.Handler, method, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// directives splits a CSP into its directives by name.
func directives(csp string) map[string]string {
	out := map[string]string{}
	for d := range strings.SplitSeq(csp, ";") {
		d = strings.TrimSpace(d)
		name, value, _ := strings.Cut(d, " ")
		out[name] = value
	}
	return out
}

// checkSecurityHeaders checks the headers every answer carries.
func checkSecurityHeaders(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"X-Frame-Options":        "DENY",
	} {
		if got := rec.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if csp := directives(rec.Header().Get("Content-Security-Policy")); csp["frame-ancestors"] != "'none'" {
		t.Errorf("CSP frame-ancestors = %q, want 'none'", csp["frame-ancestors"])
	}
}

// inlineScript finds <script> elements without src, other than the import map.
var inlineScript = regexp.MustCompile(`<script(?:\s+type="module")?\s*>|<script\s+type="(?:text/javascript|module)"\s*>|\son[a-z]+=`)

func TestOfflinePage(t *testing.T) {
	var logs bytes.Buffer
	h := Handler(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), bundle: fakeBundle(t)})
	rec := get(t, h, "GET", "/", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET / = %d", rec.Code)
	}
	if logs.Len() != 0 {
		t.Errorf("logged with the bundle present: %s", logs.String())
	}
	checkSecurityHeaders(t, rec)
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control = %q, want no-cache", cc)
	}
	csp := directives(rec.Header().Get("Content-Security-Policy"))
	want := map[string]string{
		"default-src":     "'none'",
		"script-src":      "'self'",
		"style-src":       "'self' 'unsafe-inline'",
		"img-src":         "'self' data:",
		"font-src":        "'self'",
		"connect-src":     "'self'",
		"worker-src":      "'self'",
		"base-uri":        "'none'",
		"form-action":     "'none'",
		"frame-ancestors": "'none'",
	}
	for name, value := range want {
		if csp[name] != value {
			t.Errorf("CSP %s = %q, want %q", name, csp[name], value)
		}
	}
	body := rec.Body.String()
	for _, s := range []string{
		`<script type="module" src="/graphiql/assets/graphiql-ABC123.js"></script>`,
		`<link rel="stylesheet" href="/graphiql/assets/graphiql-0123abcd.css">`,
		`data-endpoint="/graphql"`,
		`<title>Wutong GraphiQL</title>`,
		`data-default-query="# Wutong GraphiQL. Log in above`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %s:\n%s", s, body)
		}
	}
	if inlineScript.MatchString(body) || strings.Contains(body, "importmap") || strings.Contains(body, "style=") {
		t.Errorf("page has inline script or style:\n%s", body)
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Errorf("offline page names another host:\n%s", body)
	}

	// HEAD gets the headers without the body.
	head := get(t, h, "HEAD", "/", nil)
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("HEAD / = %d with %d bytes, CSP %q", head.Code, head.Body.Len(), head.Header().Get("Content-Security-Policy"))
	}
}

func TestOptions(t *testing.T) {
	h := Handler(Options{
		Endpoint: "https://api.example.test:8443/graphql?x=1&y=\"2\"",
		Title:    `Test <GraphiQL> & "co"`,
		Logger:   slog.New(slog.DiscardHandler),
		bundle:   fakeBundle(t),
	})
	rec := get(t, h, "GET", "/", nil)
	body := rec.Body.String()
	for _, s := range []string{
		`<title>Test &lt;GraphiQL&gt; &amp; &#34;co&#34;</title>`,
		`data-endpoint="https://api.example.test:8443/graphql?x=1&amp;y=&#34;2&#34;"`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %s:\n%s", s, body)
		}
	}
	csp := directives(rec.Header().Get("Content-Security-Policy"))
	if got, want := csp["connect-src"], "'self' https://api.example.test:8443"; got != want {
		t.Errorf("connect-src = %q, want %q", got, want)
	}
}

func TestAssets(t *testing.T) {
	h := Handler(Options{Logger: slog.New(slog.DiscardHandler), bundle: fakeBundle(t)})
	immutable := "public, max-age=31536000, immutable"
	for _, tc := range []struct{ path, contentType string }{
		{"/graphiql/assets/graphiql-ABC123.js", "text/javascript; charset=utf-8"},
		{"/graphiql/assets/chunk-XYZ.js", "text/javascript; charset=utf-8"},
		{"/graphiql/assets/editor.worker-QWE.js", "text/javascript; charset=utf-8"},
		{"/graphiql/assets/graphiql-0123abcd.css", "text/css; charset=utf-8"},
		{"/graphiql/assets/5f3c1e0a9b8d7c6e.woff2", "font/woff2"},
		{"/graphiql/assets/0a1b2c3d4e5f6a7b.ttf", "font/ttf"},
		{"/graphiql/assets/0a1b2c3d4e5f6a7c.svg", "image/svg+xml"},
		{"/graphiql/assets/0a1b2c3d4e5f6a7d.png", "image/png"},
	} {
		rec := get(t, h, "GET", tc.path, nil)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d", tc.path, rec.Code)
			continue
		}
		checkSecurityHeaders(t, rec)
		if got := rec.Header().Get("Content-Type"); got != tc.contentType {
			t.Errorf("GET %s: Content-Type = %q, want %q", tc.path, got, tc.contentType)
		}
		if got := rec.Header().Get("Cache-Control"); got != immutable {
			t.Errorf("GET %s: Cache-Control = %q", tc.path, got)
		}
		if rec.Header().Get("ETag") == "" || rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("GET %s: ETag %q, Content-Encoding %q", tc.path, rec.Header().Get("ETag"), rec.Header().Get("Content-Encoding"))
		}
		// Workers take their CSP from their own answer: nothing but themselves.
		if got := directives(rec.Header().Get("Content-Security-Policy"))["default-src"]; got != "'none'" {
			t.Errorf("GET %s: CSP default-src = %q", tc.path, got)
		}
	}

	// Compressed for browsers that take gzip, with an ETag of its own.
	const script = "/graphiql/assets/graphiql-ABC123.js"
	plain := get(t, h, "GET", script, nil)
	zipped := get(t, h, "GET", script, http.Header{"Accept-Encoding": {"br, gzip;q=0.8"}})
	if zipped.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
		t.Fatalf("gzip: Content-Encoding %q, Vary %q", zipped.Header().Get("Content-Encoding"), zipped.Header().Get("Vary"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain.Body.Bytes()) || plain.Body.Len() == 0 {
		t.Errorf("gzip body %q, plain %q", unzipped, plain.Body.Bytes())
	}
	if zipped.Header().Get("ETag") == plain.Header().Get("ETag") {
		t.Errorf("gzip and plain share the ETag %s", plain.Header().Get("ETag"))
	}
	if rec := get(t, h, "GET", script, http.Header{"Accept-Encoding": {"gzip;q=0"}}); rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", rec.Header().Get("Content-Encoding"))
	}

	// Revalidation and HEAD.
	if rec := get(t, h, "GET", script, http.Header{"If-None-Match": {plain.Header().Get("ETag")}}); rec.Code != http.StatusNotModified {
		t.Errorf("If-None-Match = %d, want 304", rec.Code)
	}
	if rec := get(t, h, "HEAD", script, nil); rec.Code != http.StatusOK || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "25" {
		t.Errorf("HEAD = %d, %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}

	// Only the bundle's assets are served.
	for _, path := range []string{
		"/graphiql/", "/graphiql/manifest.json", "/graphiql/README", "/graphiql/assets/",
		"/graphiql/assets/graphiql-ABC123.js.gz", "/graphiql/assets/unknown-kind-of-file.bin",
		"/graphiql/assets/../manifest.json", "/graphiql/src/app.js", "/index.html", "/graphiql",
	} {
		rec := get(t, h, "GET", path, nil)
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, rec.Code)
		}
		checkSecurityHeaders(t, rec)
	}
	if rec := get(t, h, "POST", "/", nil); rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST / = %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
}

// TestMissingBundle checks a binary built without the bundle: the page is
// 503 and says how to restore it, nothing is loaded from another host (the
// CDN build this replaces loaded GraphiQL from esm.sh), and the server logs
// it once.
func TestMissingBundle(t *testing.T) {
	for name, bundle := range map[string]fs.FS{
		"no bundle":      fstest.MapFS{"README": {Data: []byte("built by npm run build")}},
		"empty":          fstest.MapFS{},
		"broken":         fstest.MapFS{"manifest.json": {Data: []byte(`{"script":"assets/x.js","style":"assets/y.css"}`)}},
		"bad manifest":   fstest.MapFS{"manifest.json": {Data: []byte(`{`)}},
		"missing script": fstest.MapFS{"manifest.json": {Data: []byte(`{"script":"assets/x.js","style":"assets/y.css"}`)}, "assets/y.css": {Data: []byte("a{}")}},
		"bad gzip":       fstest.MapFS{"manifest.json": {Data: []byte(`{"script":"assets/x.js","style":"assets/y.css"}`)}, "assets/x.js.gz": {Data: []byte("not gzip")}, "assets/y.css": {Data: []byte("a{}")}},
	} {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			h := Handler(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), bundle: bundle})
			for range 3 {
				rec := get(t, h, "GET", "/", nil)
				checkSecurityHeaders(t, rec)
				if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "git checkout graphiql/dist") {
					t.Fatalf("GET / = %d: %s", rec.Code, rec.Body)
				}
				if strings.Contains(rec.Body.String(), "://") || strings.Contains(rec.Body.String(), "<script") {
					t.Errorf("the page loads something: %s", rec.Body)
				}
			}
			if n := strings.Count(logs.String(), "\n"); n != 1 || !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), BuildCommand) {
				t.Errorf("want one ERROR line naming %q, got %d lines:\n%s", BuildCommand, n, logs.String())
			}
			if rec := get(t, h, "GET", "/graphiql/assets/y.css", nil); rec.Code != http.StatusNotFound {
				t.Errorf("an asset of a broken bundle = %d", rec.Code)
			}
		})
	}
}

// TestEmbedded checks the handler on what this binary embeds: the
// committed offline bundle, so that a plain go build serves GraphiQL with
// no network (before, the bundle was built only by npm, and a fresh clone
// loaded GraphiQL from a CDN).
func TestEmbedded(t *testing.T) {
	var logs bytes.Buffer
	h := Handler(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if _, err := fs.Stat(dist, "dist/manifest.json"); err != nil {
		t.Fatalf("the committed offline bundle is missing (graphiql/dist/manifest.json): %v", err)
	}
	if logs.Len() != 0 {
		t.Errorf("logged with the bundle built: %s", logs.String())
	}
	rec := get(t, h, "GET", "/", nil)
	if csp := directives(rec.Header().Get("Content-Security-Policy")); csp["script-src"] != "'self'" {
		t.Errorf("script-src = %q", csp["script-src"])
	}
	refs := regexp.MustCompile(`(?:src|href)="(/graphiql/assets/[^"]+)"`).FindAllStringSubmatch(rec.Body.String(), -1)
	if len(refs) != 2 {
		t.Fatalf("want a script and a style sheet in:\n%s", rec.Body.String())
	}
	for _, ref := range refs {
		if a := get(t, h, "GET", ref[1], http.Header{"Accept-Encoding": {"gzip"}}); a.Code != http.StatusOK || a.Header().Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s = %d, Content-Encoding %q", ref[1], a.Code, a.Header().Get("Content-Encoding"))
		}
	}
}

// TestDefaultQuery checks the default query against the API's schema.
func TestDefaultQuery(t *testing.T) {
	files, err := filepath.Glob("../graph/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	doc, errs := gqlparser.LoadQuery(schema, DefaultQuery)
	if len(errs) > 0 {
		t.Fatalf("the default query is not valid: %v", errs)
	}
	if len(doc.Operations) != 1 || doc.Operations[0].Operation != ast.Query {
		t.Errorf("want one query, got %d operations", len(doc.Operations))
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                       false,
		"gzip":                   true,
		"GZIP":                   true,
		"br, gzip, deflate":      true,
		"gzip;q=0":               false,
		"gzip; q=0.000":          false,
		"gzip;q=0.5":             true,
		"*":                      true,
		"*;q=0":                  false,
		"gzip;q=0, *":            false,
		"*, gzip;q=0":            false,
		"br":                     false,
		"identity, deflate, br ": false,
	} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}
