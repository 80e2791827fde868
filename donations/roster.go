// Package donations builds the public donation roster of a community: per
// purpose, the totals and the latest gifts, where anonymous donors stay
// anonymous.
package donations

import (
	"context"
	"sort"
	"time"

	"wutong/apperr"
	"wutong/auth"
	"wutong/authz"
	"wutong/ent"
	"wutong/ent/donation"
	"wutong/ent/predicate"
	"wutong/gid"
)

// Anonymous is how the roster names a donor who asked not to be named.
const Anonymous = "匿名"

// Purpose is the roster of one purpose.
type Purpose struct {
	Purpose        string
	TotalFen       int64
	MoneyDonations int
	GoodsDonations int
	Entries        []Entry
}

// Entry is one gift as the public sees it: no IDs, no contact details.
type Entry struct {
	Donor     string
	Kind      donation.Kind
	AmountFen *int64
	Goods     *string
	Compound  *string
	DonatedAt time.Time
}

// MaxLatest caps how many gifts a purpose lists.
const MaxLatest = 500

// Roster returns the roster of a community, one Purpose per purpose in
// alphabetical order, each with its latest gifts, newest first. An empty
// purpose means all purposes.
func Roster(ctx context.Context, client *ent.Client, community gid.ID, purpose string, latest int) ([]*Purpose, error) {
	if latest < 1 || latest > MaxLatest {
		return nil, apperr.InvalidField("latest", "must be from 1 to %d", MaxLatest)
	}
	// The roster is public to the community: any member may read it, and
	// it shows no IDs or contact details, so it reads as the server.
	v, err := auth.RequireViewer(ctx)
	if err != nil {
		return nil, err
	}
	if err := authz.ReadDonationRoster(v, community); err != nil {
		return nil, err
	}
	ctx = authz.System(ctx)
	preds := []predicate.Donation{donation.CommunityID(community)}
	if purpose != "" {
		preds = append(preds, donation.Purpose(purpose))
	}
	var totals []struct {
		Purpose string        `json:"purpose"`
		Kind    donation.Kind `json:"kind"`
		Sum     *int64        `json:"sum"`
		Count   int           `json:"count"`
	}
	err = client.Donation.Query().Where(preds...).
		GroupBy(donation.FieldPurpose, donation.FieldKind).
		Aggregate(ent.Sum(donation.FieldAmountFen), ent.Count()).
		Scan(ctx, &totals)
	if err != nil {
		return nil, err
	}
	byPurpose := map[string]*Purpose{}
	var order []string
	for _, t := range totals {
		p := byPurpose[t.Purpose]
		if p == nil {
			p = &Purpose{Purpose: t.Purpose}
			byPurpose[t.Purpose] = p
			order = append(order, t.Purpose)
		}
		switch t.Kind {
		case donation.KindMONEY:
			p.MoneyDonations += t.Count
			if t.Sum != nil {
				p.TotalFen += *t.Sum
			}
		case donation.KindGOODS:
			p.GoodsDonations += t.Count
		}
	}
	sort.Strings(order)
	out := make([]*Purpose, 0, len(order))
	for _, name := range order {
		p := byPurpose[name]
		gifts, err := client.Donation.Query().
			Where(donation.CommunityID(community), donation.Purpose(name)).
			Order(ent.Desc(donation.FieldDonatedAt), ent.Desc(donation.FieldID)).
			Limit(latest).
			WithDonor().
			WithCompound().
			All(ctx)
		if err != nil {
			return nil, err
		}
		for _, g := range gifts {
			p.Entries = append(p.Entries, entryOf(g))
		}
		out = append(out, p)
	}
	return out, nil
}

// entryOf is the public view of one gift.
func entryOf(g *ent.Donation) Entry {
	e := Entry{Kind: g.Kind, AmountFen: g.AmountFen, DonatedAt: g.DonatedAt}
	if g.Goods != "" {
		goods := g.Goods
		e.Goods = &goods
	}
	if c := g.Edges.Compound; c != nil {
		name := c.Name
		e.Compound = &name
	}
	switch {
	case g.Anonymous:
		e.Donor = Anonymous
	case g.Edges.Donor != nil:
		e.Donor = g.Edges.Donor.Name
	case g.DonorName != "":
		e.Donor = g.DonorName
	default:
		e.Donor = Anonymous
	}
	return e
}
