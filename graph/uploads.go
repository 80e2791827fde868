package graph

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// takesPhotos reports whether a multipart request is a mutation that takes
// files: its operations part, which the GraphQL multipart request spec
// puts first, names a mutation with a variable that is or holds an Upload
// (such as ReportIssueInput's photos). Only such a
// request may be larger than maxBody. It reads at most maxBody of the
// body, and returns a body that starts again from the beginning.
func takesPhotos(r *http.Request) (bool, io.ReadCloser) {
	prefix, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	body := struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(prefix), r.Body), r.Body}

	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return false, body
	}
	part, err := multipart.NewReader(bytes.NewReader(prefix), params["boundary"]).NextPart()
	if err != nil || part.FormName() != "operations" {
		return false, body
	}
	ops, err := io.ReadAll(part) // fails unless the whole part is within the prefix
	if err != nil {
		return false, body
	}
	var op struct {
		Query         string `json:"query"`
		OperationName string `json:"operationName"`
	}
	if json.Unmarshal(ops, &op) != nil {
		return false, body
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: op.Query}, parserTokenLimit)
	if err != nil {
		return false, body
	}
	for _, o := range doc.Operations {
		if o.Operation != ast.Mutation || (op.OperationName != "" && o.Name != op.OperationName) {
			continue
		}
		for _, v := range o.VariableDefinitions {
			if holdsUpload()[v.Type.Name()] {
				return true, body
			}
		}
	}
	return false, body
}

// holdsUpload is the set of input types that are, or hold at any depth, an
// Upload.
var holdsUpload = sync.OnceValue(func() map[string]bool {
	holds := map[string]bool{"Upload": true}
	for changed := true; changed; {
		changed = false
		for name, def := range parsedSchema.Types {
			if def.Kind != ast.InputObject || holds[name] {
				continue
			}
			for _, f := range def.Fields {
				if holds[f.Type.Name()] {
					holds[name] = true
					changed = true
					break
				}
			}
		}
	}
	return holds
})
