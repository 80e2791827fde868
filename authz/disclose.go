package authz

import (
	"slices"

	"wutong/auth"
	"wutong/gid"
)

// Shown is how much of a personal field a viewer is shown.
type Shown int

// How a personal field is shown, from nothing to everything.
const (
	// Withheld: not at all (null), for a field no masked form makes sense
	// of, such as care flags.
	Withheld Shown = iota
	// Masked: a masked form that shows it is there, such as 138****5678.
	Masked
	// Full: in full; a read by anyone but the person is logged.
	Full
)

// String names the decision.
func (s Shown) String() string { return [...]string{"withheld", "masked", "full"}[s] }

// Relations are how a viewer stands to a resident through their work,
// beyond the roles they hold in the resident's community.
type Relations struct {
	// Self: the resident is the viewer.
	Self bool
	// MediatedCase is a mediation case the viewer mediates with the
	// resident as a party, or "".
	MediatedCase gid.ID
	// StewardOf is the viewer's steward record when the resident lives in
	// a compound and building it watches over, or "".
	StewardOf gid.ID
}

// Related are the fields each relation shows in full: the mediator of a
// case sees how to reach its parties; a steward sees where the residents
// in their care live and which of them need care (who lives alone, who is
// elderly), which is what the steward's round is for, and nothing more.
var Related = map[string][]Field{
	"mediator": {Phone, Address},
	"steward":  {Address, CareFlags},
}

// Relates reports whether some relation shows field f in full, so that it
// is worth working out how a viewer stands to a resident.
func Relates(f Field) bool {
	for _, fields := range Related {
		if slices.Contains(fields, f) {
			return true
		}
	}
	return false
}

// concealed is how a field is shown to whoever may not see it in full.
func concealed(f Field) Shown {
	if f == CareFlags {
		return Withheld
	}
	return Masked
}

// Disclose is the one decision on a resident's personal information: how
// field f of a resident of community is shown to viewer v, who stands to
// the resident as rel, and the reason the access log records for a full
// read ("" for the resident's own data, which is not logged). The roles v
// holds in the community count first (Unmask), then the relations
// (Related). Administrators run the platform, not the casework: they see
// what any stranger sees.
func Disclose(v *auth.Viewer, community gid.ID, rel Relations, f Field) (Shown, string) {
	if rel.Self {
		return Full, ""
	}
	if v != nil {
		for _, role := range v.Roles[community] {
			if Unmasks(role, f) {
				return Full, "role " + string(role)
			}
		}
	}
	if rel.MediatedCase != "" && slices.Contains(Related["mediator"], f) {
		return Full, "mediator of case " + rel.MediatedCase.String()
	}
	if rel.StewardOf != "" && slices.Contains(Related["steward"], f) {
		return Full, "steward " + rel.StewardOf.String()
	}
	return concealed(f), ""
}

// DiscloseUserPhone is the same decision for the phone of a login: the
// user sees their own; whoever holds a role that shows residents' phones
// in a community where the user holds a role sees it in full, logged in
// that community (returned); everyone else sees it masked.
func DiscloseUserPhone(v *auth.Viewer, self bool, communities []gid.ID) (shown Shown, community gid.ID, reason string) {
	if self {
		return Full, "", ""
	}
	for _, c := range communities {
		if shown, why := Disclose(v, c, Relations{}, Phone); shown == Full {
			return Full, c, why
		}
	}
	return Masked, "", ""
}
