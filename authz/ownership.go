package authz

import (
	"entgo.io/ent/entql"

	"wutong/auth"
)

// ownership says, for each kind of record, which records are the viewer's
// own: the Own scope of the matrix. A kind missing here has no own records.
var ownership = map[string]func(v *auth.Viewer) entql.P{
	"Resident":     ownResident,
	"User":         func(v *auth.Viewer) entql.P { return entql.FieldEQ("id", string(v.UserID)) },
	"Membership":   func(v *auth.Viewer) entql.P { return entql.FieldEQ("user_id", string(v.UserID)) },
	"Issue":        ownIssue,
	"IssueComment": ownComment,
	"IssueEvent":   func(v *auth.Viewer) entql.P { return entql.HasEdgeWith("issue", ownIssue(v)) },
	"IssuePhoto":   ownPhoto,
	"Steward":      func(v *auth.Viewer) entql.P { return entql.FieldEQ("resident_id", string(v.ResidentID)) },
	"ServiceRecord": func(v *auth.Viewer) entql.P {
		return entql.HasEdgeWith("steward", entql.FieldEQ("resident_id", string(v.ResidentID)))
	},
	"MediationCase":    ownCase,
	"MediationParty":   func(v *auth.Viewer) entql.P { return entql.HasEdgeWith("case", ownCase(v)) },
	"MediationSession": func(v *auth.Viewer) entql.P { return entql.HasEdgeWith("case", ownCase(v)) },
	"PatrolMember":     func(v *auth.Viewer) entql.P { return entql.FieldEQ("user_id", string(v.UserID)) },
	"PatrolShift": func(v *auth.Viewer) entql.P {
		return entql.HasEdgeWith("members", entql.FieldEQ("user_id", string(v.UserID)))
	},
	"Dispatch": func(v *auth.Viewer) entql.P {
		return entql.Or(
			entql.HasEdgeWith("member", entql.FieldEQ("user_id", string(v.UserID))),
			// Whoever reported an emergency sees that help is coming.
			entql.HasEdgeWith("issue", reportedBy(v)),
		)
	},
	"Donation":             func(v *auth.Viewer) entql.P { return entql.FieldEQ("donor_id", string(v.ResidentID)) },
	"EmployeeRegistration": func(v *auth.Viewer) entql.P { return entql.FieldEQ("resident_id", string(v.ResidentID)) },
	"RentalHousing": func(v *auth.Viewer) entql.P {
		return entql.Or(entql.FieldEQ("landlord_id", string(v.ResidentID)), entql.HasEdgeWith("tenants", entql.FieldEQ("id", string(v.ResidentID))))
	},
}

// ownIssue: issues the viewer reported, is assigned to, was dispatched
// to, or mediates as a mediation case (the dispute they mediate).
func ownIssue(v *auth.Viewer) entql.P {
	return entql.Or(
		reportedBy(v),
		entql.HasEdgeWith("assignees", entql.FieldEQ("id", string(v.UserID))),
		entql.HasEdgeWith("dispatches", entql.HasEdgeWith("member", entql.FieldEQ("user_id", string(v.UserID)))),
		entql.HasEdgeWith("mediation_cases", entql.HasEdgeWith("mediators", entql.FieldEQ("id", string(v.UserID)))),
	)
}

// reportedBy: issues the viewer reported, as the resident they are or as
// the login that filed them.
func reportedBy(v *auth.Viewer) entql.P {
	return entql.Or(
		entql.FieldEQ("reporter_id", string(v.ResidentID)),
		entql.FieldEQ("reported_by_id", string(v.UserID)),
	)
}

// ownComment: the viewer's own comments, and the public comments on their issues.
func ownComment(v *auth.Viewer) entql.P {
	return entql.Or(
		entql.FieldEQ("author_id", string(v.UserID)),
		entql.And(entql.FieldEQ("visibility", "PUBLIC"), entql.HasEdgeWith("issue", ownIssue(v))),
	)
}

// ownPhoto: photos the viewer uploaded, and the photos of their issues
// except those on internal comments.
func ownPhoto(v *auth.Viewer) entql.P {
	return entql.Or(
		entql.FieldEQ("uploader_id", string(v.UserID)),
		entql.And(
			entql.HasEdgeWith("issue", ownIssue(v)),
			entql.Or(entql.FieldNil("comment_id"), entql.HasEdgeWith("comment", entql.FieldEQ("visibility", "PUBLIC"))),
		),
	)
}

// ownCase: mediation cases the viewer mediates or is a party to.
func ownCase(v *auth.Viewer) entql.P {
	return entql.Or(
		entql.HasEdgeWith("mediators", entql.FieldEQ("id", string(v.UserID))),
		entql.HasEdgeWith("parties", entql.FieldEQ("resident_id", string(v.ResidentID))),
	)
}

// ownResident: the viewer, their neighbours in the same compound, the
// residents of the compounds they watch over as steward, and the parties
// of the mediation cases they mediate.
func ownResident(v *auth.Viewer) entql.P {
	return entql.Or(
		entql.FieldEQ("id", string(v.ResidentID)),
		entql.HasEdgeWith("compound", entql.HasEdgeWith("residents", entql.FieldEQ("id", string(v.ResidentID)))),
		entql.HasEdgeWith("compound", entql.HasEdgeWith("stewards", entql.FieldEQ("resident_id", string(v.ResidentID)), entql.FieldEQ("active", true))),
		entql.HasEdgeWith("mediation_parties", entql.HasEdgeWith("case", entql.HasEdgeWith("mediators", entql.FieldEQ("id", string(v.UserID))))),
	)
}
