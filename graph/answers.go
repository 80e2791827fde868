package graph

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/elnormous/contenttype"

	"wutong/apperr"
)

// The JSON media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// jsonAnswerTypes are the JSON types a query or mutation may be answered
// in, the legacy one first: it is the answer when the client accepts both
// equally, or anything.
var jsonAnswerTypes = []contenttype.MediaType{
	contenttype.NewMediaType(mediaJSON), contenttype.NewMediaType(mediaGraphQLResponse)}

// answerMedia is the JSON type a request is answered in, by its Accept
// header's q-values and order (RFC 9110); application/json when it gives
// none or accepts neither.
func answerMedia(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	best, _, err := contenttype.GetAcceptableMediaTypeFromHeader(accept, jsonAnswerTypes)
	if err != nil {
		return mediaJSON
	}
	return best.String()
}

// notARequest reports whether a request is not a GraphQL-over-HTTP
// request: it names no operation (no query and no persisted query hash),
// or its JSON body is not UTF-8 (RFC 8259). It is answered 400 whatever
// the media type.
func notARequest(r *http.Request, body []byte) bool {
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		return q.Get("query") == "" && !strings.Contains(q.Get("extensions"), "persistedQuery")
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return false
	}
	if !utf8.Valid(body) {
		return true
	}
	var params struct {
		Query      any            `json:"query"`
		Extensions map[string]any `json:"extensions"`
	}
	if json.Unmarshal(body, &params) != nil {
		return false // gqlgen refuses a body that is not JSON with 400
	}
	query, _ := params.Query.(string)
	return query == "" && params.Extensions["persistedQuery"] == nil
}

// answerWriter gives every query and mutation answered in JSON the status
// codes and form of the GraphQL-over-HTTP spec, in place of gqlgen's:
//
//   - the media type is the one the client prefers (multipart uploads
//     included, which gqlgen always answers in application/json);
//   - a request that could not run (a document that does not parse or
//     validate, variables of the wrong type) is 200 in application/json
//     and 400 in application/graphql-response+json, where gqlgen answers
//     422; one that is not a GraphQL request at all (no query, a body that is
//     not JSON or not UTF-8, a malformed multipart form) is 400 in both;
//   - such an answer has no data entry, and each of its errors a code;
//   - an answer that reports the database out of reach is 503 with
//     Retry-After (see markOutage).
type answerWriter struct {
	http.ResponseWriter
	media string
	// req and body are the request, read only when it is refused: whether
	// it was a GraphQL request at all (notARequest) costs a decode.
	req    *http.Request
	body   []byte
	outage *atomic.Bool
	held   int // the status gqlgen gave a request error, until its body comes
	wrote  bool
}

// isGraphQLAnswer reports whether a response is a GraphQL answer in JSON
// (and not, say, a plain-text 413).
func (w *answerWriter) isGraphQLAnswer() bool {
	ct := w.Header().Get("Content-Type")
	return strings.HasPrefix(ct, mediaJSON) || strings.HasPrefix(ct, mediaGraphQLResponse)
}

// WriteHeader implements http.ResponseWriter.
func (w *answerWriter) WriteHeader(code int) {
	if w.wrote || w.held != 0 {
		return
	}
	if w.isGraphQLAnswer() {
		w.Header().Set("Content-Type", w.media)
		if code == http.StatusBadRequest || code == http.StatusUnprocessableEntity {
			w.held = code
			return
		}
	}
	w.send(code)
}

// send writes the status line, 503 in an outage.
func (w *answerWriter) send(code int) {
	w.wrote = true
	if w.outage.Load() && code < http.StatusInternalServerError {
		w.Header().Set("Retry-After", strconv.Itoa(apperr.RetryAfter))
		code = http.StatusServiceUnavailable
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter. gqlgen writes an answer in one
// call, so a held request error is rewritten whole.
func (w *answerWriter) Write(b []byte) (int, error) {
	if w.held != 0 && !w.wrote {
		body, coded := requestError(b)
		code := http.StatusBadRequest
		if coded && w.media == mediaJSON && w.held == http.StatusUnprocessableEntity && !notARequest(w.req, w.body) {
			code = http.StatusOK
		}
		w.Header().Del("Content-Length")
		w.send(code)
		if _, err := w.ResponseWriter.Write(body); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *answerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestError rewrites the answer to a request that did not run: no data
// entry, and BAD_USER_INPUT on errors that have no code (gqlgen's
// transports give their own refusals none). coded reports whether the
// errors came from the GraphQL layer, which codes every error; a body that
// is not an answer is returned as it is.
func requestError(b []byte) (body []byte, coded bool) {
	var answer map[string]json.RawMessage
	if json.Unmarshal(b, &answer) != nil {
		return b, false
	}
	delete(answer, "data")
	var errs []map[string]any
	if json.Unmarshal(answer["errors"], &errs) != nil {
		return b, false
	}
	coded = len(errs) > 0
	for _, e := range errs {
		ext, _ := e["extensions"].(map[string]any)
		if ext == nil || ext["code"] == nil {
			coded = false
			if ext == nil {
				ext = map[string]any{}
			}
			ext["code"] = string(apperr.Invalid)
			e["extensions"] = ext
		}
	}
	answer["errors"], _ = json.Marshal(errs)
	out, err := json.Marshal(answer)
	if err != nil {
		return b, false
	}
	return out, coded
}
