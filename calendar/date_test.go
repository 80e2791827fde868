package calendar

import (
	"bytes"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	t.Parallel()
	var d Date
	if err := d.UnmarshalGQL("2025-02-28"); err != nil || d != (Date{2025, time.February, 28}) {
		t.Fatalf("2025-02-28 = %v, %v", d, err)
	}
	var buf bytes.Buffer
	d.MarshalGQL(&buf)
	if buf.String() != `"2025-02-28"` {
		t.Errorf("marshalled %s", buf.String())
	}
	for _, bad := range []any{"2025-02-29", "2025-2-1", "01/02/2025", "", 20250101, nil} {
		if err := d.UnmarshalGQL(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if got := (Date{2025, 1, 1}).In(sh).UTC(); got != time.Date(2024, 12, 31, 16, 0, 0, 0, time.UTC) {
		t.Errorf("midnight in Shanghai = %v UTC", got)
	}
}
