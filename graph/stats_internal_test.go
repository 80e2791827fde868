package graph

import (
	"slices"
	"testing"
)

// TestStatsPartOfEveryField checks that every field of the Stats type
// names the group of figures it shows, so that a field added later is not
// answered with the zero of a group never computed.
func TestStatsPartOfEveryField(t *testing.T) {
	fields := NewExecutableSchema(Config{}).Schema().Types["Stats"].Fields
	if len(fields) < 20 {
		t.Fatalf("Stats has %d fields: is this the right type?", len(fields))
	}
	plain := []string{"community", "grid", "from", "to", "timeZone"}
	for _, f := range fields {
		if statsPart(f.Name) == 0 && !slices.Contains(plain, f.Name) {
			t.Errorf("Stats.%s shows no group of figures: add it to statsPart", f.Name)
		}
	}
}
