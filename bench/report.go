package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"
)

// runInfo describes the machine and the database of a run.
type runInfo struct {
	when     time.Time
	machine  string
	load     string
	postgres string
	database string
	data     string
	node     string
}

// describe reads the machine, PostgreSQL and the size of the data.
func describe(ctx context.Context, db *sql.DB, dsn string) (runInfo, error) {
	info := runInfo{when: time.Now().UTC()}
	u, err := url.Parse(dsn)
	if err != nil {
		return info, err
	}
	info.database = strings.TrimPrefix(u.Path, "/")
	var version string
	if err := db.QueryRowContext(ctx, `SHOW server_version`).Scan(&version); err != nil {
		return info, fmt.Errorf("reaching PostgreSQL: %w", err)
	}
	info.postgres = "PostgreSQL " + version
	var communities, residents, issues, comments, events int64
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM communities), (SELECT count(*) FROM residents),
	(SELECT count(*) FROM issues), (SELECT count(*) FROM issue_comments), (SELECT count(*) FROM issue_events)`).
		Scan(&communities, &residents, &issues, &comments, &events)
	if err != nil {
		return info, fmt.Errorf("is this a Wutong database? %w", err)
	}
	info.data = fmt.Sprintf("%s communities, %s residents, %s issues, %s comments, %s timeline events",
		thousands(communities), thousands(residents), thousands(issues), thousands(comments), thousands(events))
	info.machine = machine()
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		info.load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	return info, nil
}

// machine describes the CPU and memory from /proc.
func machine() string {
	model, cpus := "", 0
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			k, v, ok := strings.Cut(s.Text(), ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(k) {
			case "processor":
				cpus++
			case "model name":
				model = strings.TrimSpace(v)
			}
		}
		f.Close()
	}
	mem := ""
	if f, err := os.Open("/proc/meminfo"); err == nil {
		s := bufio.NewScanner(f)
		for s.Scan() {
			if v, ok := strings.CutPrefix(s.Text(), "MemTotal:"); ok {
				var kb int64
				fmt.Sscan(strings.TrimSpace(v), &kb)
				mem = fmt.Sprintf(", %.0f GiB memory", float64(kb)/(1<<20))
			}
		}
		f.Close()
	}
	return fmt.Sprintf("%d × %s%s, %s/%s", cpus, model, mem, runtime.GOOS, runtime.GOARCH)
}

// thousands writes n with thousands separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// ratio writes a/b as "1.23x", or "-" when it cannot be told.
func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

// verdict writes a target's result.
func verdict(ok bool, detail string) string {
	if ok {
		return "yes (" + detail + ")"
	}
	return "**no** (" + detail + ")"
}

// report writes the run's figures as Markdown.
func report(cfg config, info runInfo, p *params, cells map[string]map[string]*cell) string {
	var b strings.Builder
	args := strings.Join(os.Args[1:], " ")
	fmt.Fprintf(&b, "Measured %s on database `%s` (%s), %s; %s, Go %s.\n\n",
		info.when.Format("2006-01-02 15:04 UTC"), info.database, info.data, info.machine, info.postgres, strings.TrimPrefix(runtime.Version(), "go"))
	fmt.Fprintf(&b, "Command: `go run ./bench %s`  \n", args)
	fmt.Fprintf(&b, "Load average when it started: %s. ", info.load)
	b.WriteString("The machine's 2 cores are shared by the load generator, the three servers (only the one under load is busy) and PostgreSQL; figures taken while other work ran on the machine are provisional.\n\n")
	fmt.Fprintf(&b, "Each server is loaded in turn with each screen for %s after a %s warm-up, by vegeta (library, max-throughput mode: rate 0 and %d workers, keep-alive), %d requests in flight. ",
		cfg.duration, cfg.warmup, cfg.concurrency, cfg.concurrency)
	fmt.Fprintf(&b, "After each load, one request at a time for %s gives the *alone* p50: the latency of a request on an otherwise idle server. ", cfg.alone)
	b.WriteString("An error is a failed request, an answer other than 200, or a 200 answer with GraphQL `errors`. ")
	fmt.Fprintf(&b, "SQL/req and trips/req are counted by a proxy on the PostgreSQL wire protocol over %d sequential requests per screen and server (statements: Query and Execute messages; round trips: Query and Sync), in a separate start of the servers, so that the proxy is not in the way of the load.\n\n", cfg.counted)
	fmt.Fprintf(&b, "**Wutong runs as the logged-in staff user `%s` (COMMUNITY_STAFF of %s) with its privacy rules on; screen d as the patrol volunteer `%s` (own records only).** ",
		p.Staff, p.CommunityName, p.Patrol)
	b.WriteString("Its build (a `go build -overlay` of limits.Defaults) raises the hourly budget of cost points per user and address from 50,000, which one load generator spends in seconds, to 2^40; the budget is still kept and charged on every request. Its database URL ")
	if cfg.wutongParams == "" {
		b.WriteString("is the one given, as shipped.")
	} else {
		fmt.Fprintf(&b, "gets `%s`.", cfg.wutongParams)
	}
	if cfg.wutongEnv != "" {
		fmt.Fprintf(&b, " Its environment adds `%s`.", cfg.wutongEnv)
	}
	if cfg.wutongRev != "" {
		fmt.Fprintf(&b, " It is built from revision `%s`.", cfg.wutongRev)
	} else {
		b.WriteString(" It is built from the working tree.")
	}
	fmt.Fprintf(&b, " PostGraphile 5.1.5 (preset amber, connection filter, Node %s) has no privacy rules: it runs as the database owner, with the viewer's rules written into its filters where they matter (screen d). ", info.node)
	fmt.Fprintf(&b, "The floor (bench/floor: net/http, lib/pq with `%s`, encoding/json) checks the same session, applies the same rules", cfg.floorParams)
	if cfg.floorLog {
		b.WriteString(" and writes the same access-log rows.\n\n")
	} else {
		b.WriteString(" but does not write the access log.\n\n")
	}
	fmt.Fprintf(&b, "Screens: (a) dashboard, %d newest open issues; (b) issue `%s` in full, lists of %d; (c) residents of %s whose names start with %q, %d; (d) my %d open dispatches and open hazards within 2 km of (%.5f, %.5f); (e) communityStats for %d beside %d; (f) page %d of the community's %s issues by cursor, %d a page; (f1) page 1 of the same.\n\n",
		p.First, p.Issue, p.First, p.CompoundName, p.Prefix, p.First, patrolFirst, p.Latitude, p.Longitude, p.Year, p.Year-1,
		p.Page, thousands(int64(p.Issues)), p.PageSize)

	b.WriteString("| screen | server | req/s | p50 ms | p99 ms | alone p50 ms | errors | SQL/req | trips/req | data vs Wutong |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, k := range cfg.screens {
		sc := screenByKey(k)
		first := true
		label := func() string {
			if first {
				first = false
				return k + " " + sc.Title
			}
			return ""
		}
		for _, name := range cfg.servers {
			c := cells[k][name]
			data := c.same
			if name == wutong {
				data = "-"
			}
			if c.checkErr != "" {
				fmt.Fprintf(&b, "| %s | %s | n/a | | | | | | | failed: %s |\n", label(), name, oneLine(c.checkErr, 120))
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %.0f | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %s |\n", label(), name,
				c.Throughput, ms(c.P50), ms(c.P99), ms(c.alone), c.Errors, c.statements, c.roundTrips, data)
		}
		w := cells[k][wutong]
		for _, other := range []string{postgraphile, floorServer} {
			o, ok := cells[k][other]
			if !ok || !o.loaded || !w.loaded {
				continue
			}
			fmt.Fprintf(&b, "| %s | *Wutong/%s* | %s | %s | %s | %s | | %s | %s | |\n", label(), other,
				ratio(w.Throughput, o.Throughput), ratio(ms(w.P50), ms(o.P50)), ratio(ms(w.P99), ms(o.P99)), ratio(ms(w.alone), ms(o.alone)),
				ratio(w.statements, o.statements), ratio(w.roundTrips, o.roundTrips))
		}
	}

	b.WriteString("\nTargets for Wutong:\n\n")
	b.WriteString("| screen | req/s ≥ PostGraphile's | p99 ≤ PostGraphile's | p50 ≤ 1.5 × floor's | p99 ≤ 1.5 × floor's | alone p50 ≤ 1.5 × floor's | screen's own target |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, k := range cfg.screens {
		w := cells[k][wutong]
		if !w.loaded {
			continue
		}
		row := []string{k + " " + screenByKey(k).Title}
		if g, ok := cells[k][postgraphile]; ok && g.loaded {
			row = append(row, verdict(w.Throughput >= g.Throughput, ratio(w.Throughput, g.Throughput)),
				verdict(w.P99 <= g.P99, ratio(ms(w.P99), ms(g.P99))))
		} else {
			row = append(row, "-", "-")
		}
		if f, ok := cells[k][floorServer]; ok && f.loaded {
			row = append(row, verdict(float64(w.P50) <= 1.5*float64(f.P50), ratio(ms(w.P50), ms(f.P50))),
				verdict(float64(w.P99) <= 1.5*float64(f.P99), ratio(ms(w.P99), ms(f.P99))))
			if w.alone > 0 && f.alone > 0 {
				row = append(row, verdict(float64(w.alone) <= 1.5*float64(f.alone), ratio(ms(w.alone), ms(f.alone))))
			} else {
				row = append(row, "-")
			}
		} else {
			row = append(row, "-", "-", "-")
		}
		own := ""
		switch k {
		case "e":
			own = verdict(w.P50 < 200*time.Millisecond, fmt.Sprintf("p50 under load %.1f ms; alone %.1f ms", ms(w.P50), ms(w.alone)))
		case "f":
			if p1, ok := cells["f1"][wutong]; ok && p1.loaded {
				own = verdict(float64(w.P50) <= 1.1*float64(p1.P50) && w.Throughput >= 0.9*p1.Throughput,
					fmt.Sprintf("page %d vs page 1: p50 %s, req/s %s", p.Page, ratio(ms(w.P50), ms(p1.P50)), ratio(w.Throughput, p1.Throughput)))
			}
		}
		row = append(row, own)
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
	}
	b.WriteString("\n(\"As fast as page 1\" is taken as p50 within 10% and req/s within 10% of page 1's; the statistics target is judged on p50 under load.)\n")
	return b.String()
}

// oneLine shortens a message to one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "|", "/")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return s
}

// Markers of the part of RESULTS.md that each run replaces.
const (
	beginMarker = "<!-- bench:begin (written by go run ./bench; edit outside these markers) -->"
	endMarker   = "<!-- bench:end -->"
)

// writeResults puts the run's report between the markers of the results
// file, keeping the rest; a file without markers gets them at its end.
func writeResults(path, rep string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	section := beginMarker + "\n" + rep + endMarker
	text := string(old)
	i, j := strings.Index(text, beginMarker), strings.Index(text, endMarker)
	switch {
	case i >= 0 && j > i:
		text = text[:i] + section + text[j+len(endMarker):]
	case text == "":
		text = "# Benchmark results\n\n" + section + "\n"
	default:
		text = strings.TrimRight(text, "\n") + "\n\n" + section + "\n"
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
