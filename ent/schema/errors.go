package schema

import (
	"errors"
	"regexp"
)

// codePattern is the shape of short codes of communities, grids and compounds.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// errTimeZone is returned for a time zone the runtime does not know.
var errTimeZone = errors.New("must be an IANA time zone name such as Asia/Shanghai")

// periodPattern is a month as YYYY-MM.
var periodPattern = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
