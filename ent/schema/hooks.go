package schema

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent"

	"wutong/apperr"
	"wutong/personal"
)

// validateCareFlags rejects unknown or repeated care flags on residents.
func validateCareFlags() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field("care_flags"); ok {
				flags, _ := v.([]personal.CareFlag)
				if err := personal.ValidateCareFlags(flags); err != nil {
					return nil, apperr.InvalidField("careFlags", "%v", err)
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// current returns the value a field will have once the mutation is saved:
// the value being set, nothing if it is being cleared, or the stored value
// for a change of one record. ok is false when the value cannot be known
// (a new record without it, or a change of many records).
func current(ctx context.Context, m ent.Mutation, name string) (ent.Value, bool, error) {
	if v, ok := m.Field(name); ok {
		return v, true, nil
	}
	if m.FieldCleared(name) || !m.Op().Is(ent.OpUpdateOne) {
		return nil, false, nil
	}
	v, err := m.OldField(ctx, name)
	if err != nil {
		return nil, false, err
	}
	return v, v != nil, nil
}

// timeOf reads a time field's value, which ent gives as a time.Time or, for
// nillable fields, a *time.Time.
func timeOf(v ent.Value) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case *time.Time:
		if t != nil {
			return *t, true
		}
	}
	return time.Time{}, false
}

// endsAfterStart requires the end field, when set, to come after the start
// field: a shift or session cannot end before it begins.
func endsAfterStart(start, end string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			_, setStart := m.Field(start)
			_, setEnd := m.Field(end)
			if setStart || setEnd {
				sv, _, err := current(ctx, m, start)
				if err != nil {
					return nil, err
				}
				ev, _, err := current(ctx, m, end)
				if err != nil {
					return nil, err
				}
				s, okS := timeOf(sv)
				e, okE := timeOf(ev)
				if okS && okE && !e.After(s) {
					return nil, apperr.InvalidField(apperr.FieldName(end), "must come after %s", apperr.FieldName(start))
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// pairedFields requires two fields, such as a latitude and a longitude, to
// be given or cleared together.
func pairedFields(a, b string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			_, setA := m.Field(a)
			_, setB := m.Field(b)
			if setA != setB || m.FieldCleared(a) != m.FieldCleared(b) {
				field := b
				if !setA && !m.FieldCleared(a) {
					field = a
				}
				return nil, apperr.InvalidField(apperr.FieldName(field), "%s and %s must be given or cleared together",
					apperr.FieldName(a), apperr.FieldName(b))
			}
			return next.Mutate(ctx, m)
		})
	}
}

// pairedCoordinates requires latitude and longitude to be given together.
func pairedCoordinates() ent.Hook { return pairedFields("latitude", "longitude") }

// stringOf reads a string field's value, plain or nillable.
func stringOf(v ent.Value) string {
	switch s := v.(type) {
	case string:
		return s
	case *string:
		if s != nil {
			return *s
		}
	case fmt.Stringer:
		return s.String()
	}
	return ""
}

// donationShape requires money to have an amount and no goods, and goods
// to have a description and no amount.
func donationShape() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			kind, _, err := current(ctx, m, "kind")
			if err != nil {
				return nil, err
			}
			amount, hasAmount, err := current(ctx, m, "amount_fen")
			if err != nil {
				return nil, err
			}
			if p, ok := amount.(*int64); ok && p == nil {
				hasAmount = false
			}
			goods, _, err := current(ctx, m, "goods")
			if err != nil {
				return nil, err
			}
			hasGoods := stringOf(goods) != ""
			switch stringOf(kind) {
			case "MONEY":
				if !hasAmount {
					return nil, apperr.InvalidField("amountFen", "a gift of money needs its amount in fen")
				}
				if hasGoods {
					return nil, apperr.InvalidField("goods", "a gift of money has no goods")
				}
			case "GOODS":
				if !hasGoods {
					return nil, apperr.InvalidField("goods", "a gift of goods needs a description")
				}
				if hasAmount {
					return nil, apperr.InvalidField("amountFen", "a gift of goods has no amount")
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// noticeAudience requires a grid for a GRID notice, a compound for a
// COMPOUND notice, and neither for a COMMUNITY notice.
func noticeAudience() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate | ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			audience, _, err := current(ctx, m, "audience")
			if err != nil {
				return nil, err
			}
			grid, _, err := current(ctx, m, "grid_id")
			if err != nil {
				return nil, err
			}
			compound, _, err := current(ctx, m, "compound_id")
			if err != nil {
				return nil, err
			}
			hasGrid, hasCompound := stringOf(grid) != "", stringOf(compound) != ""
			switch a := stringOf(audience); {
			case (a == "" || a == "COMMUNITY") && (hasGrid || hasCompound):
				return nil, apperr.InvalidField("audience", "a notice for the whole community names no grid or compound; choose GRID or COMPOUND")
			case a == "GRID" && (!hasGrid || hasCompound):
				return nil, apperr.InvalidField("gridID", "a GRID notice names its grid and no compound")
			case a == "COMPOUND" && (!hasCompound || hasGrid):
				return nil, apperr.InvalidField("compoundID", "a COMPOUND notice names its compound and no grid")
			}
			return next.Mutate(ctx, m)
		})
	}
}

// appendOnly keeps a log append-only: entries are never changed or removed.
func appendOnly() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return nil, apperr.Invalidf("log entries cannot be changed or removed")
			}
			return next.Mutate(ctx, m)
		})
	}
}

// emptyAsNull stores an empty value of an optional text column as NULL,
// so that a unique index over it holds only real values.
func emptyAsNull(column string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if v, ok := m.Field(column); ok && v == "" {
				if err := m.ClearField(column); err != nil {
					return nil, err
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}
