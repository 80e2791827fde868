package rosterfile

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"wutong/ent"
	"wutong/ent/compound"
	"wutong/ent/grid"
	"wutong/gid"
)

// placeKey folds a place name for matching: half-width, no spaces, Latin
// letters lower-cased.
func placeKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, norm.NFKC.String(s))
}

// places are the grids and compounds of the community, by name.
type places struct {
	grids     map[string][]*ent.Grid // by name and by code
	compounds map[string][]*ent.Compound
}

// loadPlaces reads the community's grids and compounds.
func loadPlaces(env *importEnv) (*places, error) {
	p := &places{grids: map[string][]*ent.Grid{}, compounds: map[string][]*ent.Compound{}}
	grids, err := env.db.Grid.Query().Where(grid.CommunityID(env.community)).All(env.ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range grids {
		p.grids[placeKey(g.Name)] = append(p.grids[placeKey(g.Name)], g)
		if k := placeKey(g.Code); k != placeKey(g.Name) {
			p.grids[k] = append(p.grids[k], g)
		}
	}
	compounds, err := env.db.Compound.Query().Where(compound.CommunityID(env.community)).All(env.ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range compounds {
		p.compounds[placeKey(c.Name)] = append(p.compounds[placeKey(c.Name)], c)
	}
	return p, nil
}

// findCompounds returns the compounds of a name, forgiving a missing or
// extra 小区 at its end.
func (p *places) findCompounds(name string) []*ent.Compound {
	k := placeKey(name)
	if cs := p.compounds[k]; len(cs) > 0 {
		return cs
	}
	if t, ok := strings.CutSuffix(k, "小区"); ok {
		return p.compounds[t]
	}
	return p.compounds[k+"小区"]
}

// compound resolves the 小区 and 网格 columns of a row: the compound's ID,
// or "" when the row names none. Problems are recorded on the row.
func (p *places) compound(r *rowCtx) gid.ID {
	name, gridName := r.get(FieldCompound), r.get(FieldGrid)
	var g *ent.Grid
	if gridName != "" {
		switch gs := p.grids[placeKey(gridName)]; len(gs) {
		case 0:
			r.problem(FieldGrid, "no grid named %q in the community", gridName)
			return ""
		case 1:
			g = gs[0]
		default:
			r.problem(FieldGrid, "several grids are named %q: write the grid's code instead", gridName)
			return ""
		}
	}
	if name == "" {
		return ""
	}
	all := p.findCompounds(name)
	cs := all
	if g != nil {
		cs = nil
		for _, c := range all {
			if c.GridID == g.ID {
				cs = append(cs, c)
			}
		}
	}
	switch {
	case len(cs) == 1:
		return cs[0].ID
	case len(all) == 0:
		r.problem(FieldCompound, "no compound named %q in the community", name)
	case len(cs) == 0:
		r.problem(FieldCompound, "compound %q is not in grid %s", name, g.Name)
	default:
		r.problem(FieldCompound, "several compounds are named %q: add a 网格 column to tell them apart", name)
	}
	return ""
}
