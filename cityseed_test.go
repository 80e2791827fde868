package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"wutong/store/storetest"
)

func TestIsCitySeed(t *testing.T) {
	for args, want := range map[string]bool{
		"--communities 200":         true,
		"-communities=2 -seed 3":    true,
		"-seed 3 --communities=2":   true,
		"--demo":                    false,
		"-demo -seed 3":             false,
		"":                          false,
		"-- --communities":          false,
		"-database-url communities": false,
	} {
		if got := isCitySeed(strings.Fields(args)); got != want {
			t.Errorf("isCitySeed(%q) = %v, want %v", args, got, want)
		}
	}
}

func TestCitySeed(t *testing.T) {
	ctx := context.Background()
	getenv := func(string) string { return "" }
	t.Run("RefusesSQLite", func(t *testing.T) {
		var out strings.Builder
		err := citySeed(ctx, []string{"--communities", "1", "-database-url", filepath.Join(t.TempDir(), "w.db")}, getenv, &out)
		if err == nil || !strings.Contains(err.Error(), "PostgreSQL") {
			t.Fatalf("want a refusal naming PostgreSQL, got %v", err)
		}
	})
	t.Run("LoadsOnceIntoPostgres", func(t *testing.T) {
		dsn := storetest.NewDSN(t, dialect.Postgres) // empty: citySeed migrates it
		args := []string{"--communities", "1", "-seed", "5", "-now", "2026-06-01", "-database-url", dsn}
		var out strings.Builder
		if err := citySeed(ctx, args, getenv, &out); err != nil {
			t.Fatal(err)
		}
		t.Log(out.String())
		for _, want := range []string{"city-0001", "issue_events", "load time", "city loaded in", "city-staff-0001"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("the output does not mention %q", want)
			}
		}
		err := citySeed(ctx, args, getenv, &strings.Builder{})
		if err == nil || !strings.Contains(err.Error(), "already holds") {
			t.Fatalf("a second load was not refused: %v", err)
		}
	})
}
