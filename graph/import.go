package graph

import (
	"context"
	"strings"

	"wutong/graph/model"
	"wutong/rosterfile"
)

// importRoster takes a roster file in through package rosterfile, inside
// the mutation's transaction.
func (r *Resolver) importRoster(ctx context.Context, in model.ImportRosterInput) (*model.ImportRosterPayload, error) {
	kind, err := rosterfile.ParseKind(strings.ReplaceAll(string(in.Kind), "_", "-"))
	if err != nil {
		return nil, err
	}
	mapping := map[string]string{}
	for _, m := range in.Mapping {
		mapping[m.Column] = m.Field
	}
	dry := in.DryRun != nil && *in.DryRun
	opts := rosterfile.Options{CommunityID: in.CommunityID, Kind: kind, DryRun: dry, Mapping: mapping}
	if in.Sheet != nil {
		opts.Sheet = *in.Sheet
	}
	res, err := rosterfile.Import(ctx, r.db(ctx), rosterfile.Source{Name: in.File.Filename, Reader: in.File.File, Size: in.File.Size}, opts)
	if err != nil {
		return nil, err
	}
	out := &model.ImportRosterPayload{
		Imported: res.OK() && !dry, DryRun: dry, Rows: res.Rows, Created: res.Created,
		ResidentsCreated: res.ResidentsCreated, ProblemCount: res.ProblemCount,
		Columns: []*model.RosterColumn{}, Problems: []*model.RosterProblem{},
	}
	for _, c := range res.Columns {
		col := &model.RosterColumn{Header: c.Header, Letter: c.Letter}
		if c.Field != "" {
			f := string(c.Field)
			col.Field = &f
		}
		out.Columns = append(out.Columns, col)
	}
	for _, p := range res.Problems {
		out.Problems = append(out.Problems, &model.RosterProblem{Row: p.Row, Column: optional(p.Column), Cell: optional(p.Cell),
			Field: optional(string(p.Field)), Message: p.Message})
	}
	return out, nil
}

// optional is nil for an empty string.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
