package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"wutong/authz"
	"wutong/demo"
	"wutong/ent/community"
	"wutong/store"
)

// seed loads the demo data on request: the only way to get it into PostgreSQL.
func seed(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, err := parseConfig("seed", args, getenv)
	if err != nil {
		return err
	}
	if !cfg.Demo {
		return errors.New("seed needs --demo (the only data set there is)")
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxConns: cfg.MaxConns})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	ctx = authz.System(ctx)
	exists, err := st.Client.Community.Query().Where(community.Code(demo.Code)).Exist(ctx)
	if err != nil {
		return err
	}
	if exists {
		return fmt.Errorf("the demo data is already loaded (community %q exists)", demo.Code)
	}
	start := time.Now()
	sum, err := demo.Load(ctx, st.Client, demo.Options{Seed: cfg.DemoSeed})
	if err != nil {
		return fmt.Errorf("loading the demo data: %w", err)
	}
	fmt.Fprintf(stdout, "demo data loaded in %s: %d communities, %d residents, %d issues\n",
		time.Since(start).Round(time.Millisecond), sum.Communities, sum.Residents, sum.Issues)
	fmt.Fprintf(stdout, "demo accounts, each with password %s:\n", demo.Password)
	for _, acc := range demo.Accounts {
		fmt.Fprintf(stdout, "  %-16s %s of %s\n", acc.Username, acc.Role, acc.Community)
	}
	return nil
}
