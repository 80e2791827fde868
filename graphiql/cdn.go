package graphiql

// The CDN build: the versions below are those of package-lock.json (a test
// checks that they agree), so both builds run the same code.

// CDNHost is the one host the CDN build loads GraphiQL from.
const CDNHost = "esm.sh"

// CDNOrigin is CDNHost's origin, as the page's CSP names it.
const CDNOrigin = "https://" + CDNHost

// cdnVersions are the npm packages the CDN build loads, with their versions.
var cdnVersions = map[string]string{
	"graphiql":                  "5.4.0",
	"@graphiql/react":           "0.39.1",
	"@graphiql/toolkit":         "0.12.1",
	"@graphiql/plugin-explorer": "5.1.5",
	"react":                     "19.3.1",
	"react-dom":                 "19.3.1",
	"graphql":                   "16.15.0",
	"monaco-editor":             "0.52.2",
	"monaco-graphql":            "1.9.0",
}

// cdnURL is the CDN's URL of a pinned package, with a path and query.
func cdnURL(pkg, rest string) string {
	return CDNOrigin + "/" + pkg + "@" + cdnVersions[pkg] + rest
}

// cdnImports is the page's import map in the CDN build. The packages that
// must exist once on the page (React, graphql, GraphiQL's React library)
// are left out of the others' bundles ("external") and resolved here.
func cdnImports() map[string]string {
	return map[string]string{
		"react":                     cdnURL("react", ""),
		"react/":                    cdnURL("react", "/"),
		"react-dom":                 cdnURL("react-dom", ""),
		"react-dom/":                cdnURL("react-dom", "/"),
		"graphql":                   cdnURL("graphql", ""),
		"@graphiql/toolkit":         cdnURL("@graphiql/toolkit", "?standalone&external=graphql"),
		"@graphiql/react":           cdnURL("@graphiql/react", "?standalone&external=react,react-dom,graphql,@graphiql/toolkit"),
		"graphiql":                  cdnURL("graphiql", "?standalone&external=react,react-dom,graphql,@graphiql/react,@graphiql/toolkit"),
		"@graphiql/plugin-explorer": cdnURL("@graphiql/plugin-explorer", "?standalone&external=react,react-dom,graphql,@graphiql/react"),
		// Monaco's workers: modules that src/cdn-workers.js imports from a
		// blob: worker.
		"wutong-worker/editor":  cdnURL("monaco-editor", "/esm/vs/editor/editor.worker.js"),
		"wutong-worker/json":    cdnURL("monaco-editor", "/esm/vs/language/json/json.worker.js"),
		"wutong-worker/graphql": cdnURL("monaco-graphql", "/esm/graphql.worker.js?deps=monaco-editor@"+cdnVersions["monaco-editor"]+",graphql@"+cdnVersions["graphql"]),
	}
}

// cdnStyles are the style sheets of the CDN build.
func cdnStyles() []string {
	return []string{
		cdnURL("graphiql", "/dist/style.css"),
		cdnURL("@graphiql/plugin-explorer", "/dist/style.css"),
	}
}
