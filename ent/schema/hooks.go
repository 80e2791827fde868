package schema

import (
	"context"

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

// pairedCoordinates requires latitude and longitude to be given together:
// a position with only one of them is no position.
func pairedCoordinates() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			_, lat := m.Field("latitude")
			_, lng := m.Field("longitude")
			latCleared := m.FieldCleared("latitude")
			lngCleared := m.FieldCleared("longitude")
			if lat != lng || latCleared != lngCleared {
				field := "longitude"
				if !lat && !latCleared {
					field = "latitude"
				}
				return nil, apperr.InvalidField(field, "latitude and longitude must be given or cleared together")
			}
			return next.Mutate(ctx, m)
		})
	}
}
