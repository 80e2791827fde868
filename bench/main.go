// Command bench is Wutong's benchmark harness. In one run it starts Wutong,
// PostGraphile v5 and a hand-written floor (package floor) on the same
// PostgreSQL database, checks that the three give the same data for each
// screen of package screens, loads each in turn with the same tool and
// concurrency (vegeta as a library, max-throughput mode), counts the SQL
// statements each runs per request, and prints a table that it also writes
// into bench/RESULTS.md.
//
//	go run ./bench -dsn postgres://postgres@127.0.0.1:5432/DB?sslmode=disable [-clone bench_x]
//	               [-duration 20s] [-concurrency 32] [-screens a,b,c,d,e,f,f1]
//
// Wutong writes to the database it runs on (sessions, login attempts, the
// access log of personal information shown), so run it on a copy of a
// database you care about: -clone NAME copies the database to NAME first
// and drops the copy at the end.
//
// `go run ./bench floor -port P -dsn DSN` serves the floor alone; the
// harness runs itself that way.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq"

	"wutong/bench/floor"
)

// config is the command line.
type config struct {
	dsn          string
	clone        string
	keepClone    bool
	duration     time.Duration
	warmup       time.Duration
	concurrency  int
	screens      []string
	servers      []string
	counted      int
	staff        string
	patrol       string
	password     string
	first        int
	page         int
	pageSize     int
	wutongParams string
	floorParams  string
	floorLog     bool
	results      string
	sqlLog       string
	analyze      bool
	logs         string
	alone        time.Duration
	pprof        string
	wutongRev    string
	wutongEnv    string
}

// logf prints a progress line on stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// main runs the harness, or the floor server when the first argument is floor.
func main() {
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		if err := serveFloor(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(2)
		}
		return
	}
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		cleanup()
		os.Exit(1)
	}
	cleanup()
}

// parseFlags reads the command line.
func parseFlags(args []string) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&cfg.dsn, "dsn", os.Getenv("BENCH_DSN"), "PostgreSQL URL of the database under test (required; or BENCH_DSN)")
	fs.StringVar(&cfg.clone, "clone", "", "copy the database to this name (bench_...) first, run on the copy and drop it at the end")
	fs.BoolVar(&cfg.keepClone, "keep-clone", false, "keep the copy made by -clone")
	fs.DurationVar(&cfg.duration, "duration", 20*time.Second, "how long each server is loaded with each screen")
	fs.DurationVar(&cfg.warmup, "warmup", 3*time.Second, "load before each measurement, not measured")
	fs.IntVar(&cfg.concurrency, "concurrency", 32, "requests in flight at once (vegeta workers and connections)")
	screens := fs.String("screens", "a,b,c,d,e,f,f1", "screens to run: a to f as in the issue, f1 = page 1 beside page N")
	servers := fs.String("servers", "Wutong,PostGraphile,floor", "servers to run (Wutong is always needed, for the logins)")
	fs.IntVar(&cfg.counted, "count-requests", 20, "sequential requests over which SQL statements are counted")
	fs.StringVar(&cfg.staff, "staff", "", "staff login (default city-staff-0001 if it exists, else demo-staff)")
	fs.StringVar(&cfg.patrol, "patrol", "", "LIKE pattern of patrol volunteers' logins (default demo-patrol if it exists, else city-patrol-%)")
	fs.StringVar(&cfg.password, "password", "demo", "password of the staff and patrol logins")
	fs.IntVar(&cfg.first, "first", 50, "page size of the dashboard, the residents and the issue's lists")
	fs.IntVar(&cfg.page, "page", 1000, "the page read by cursor (the last full page if the community has fewer)")
	fs.IntVar(&cfg.pageSize, "page-size", 10, "issues per page for screens f and f1")
	fs.StringVar(&cfg.wutongParams, "wutong-params", "", "query parameters added to Wutong's database URL, such as binary_parameters=yes")
	fs.StringVar(&cfg.wutongEnv, "wutong-env", "", "space-separated NAME=value settings added to Wutong's environment, such as GOGC=400")
	fs.StringVar(&cfg.floorParams, "floor-params", "binary_parameters=yes", "query parameters added to the floor's database URL")
	fs.BoolVar(&cfg.floorLog, "floor-access-log", true, "the floor writes the access log of unmasked personal fields, as Wutong does")
	fs.StringVar(&cfg.results, "results", "bench/RESULTS.md", "file whose measured section is replaced by this run's (\"\" for none)")
	fs.BoolVar(&cfg.analyze, "analyze", false, "run ANALYZE on the database first (done anyway on a -clone copy that has no planner statistics)")
	fs.DurationVar(&cfg.alone, "alone", 2*time.Second, "after each load, send one request at a time for this long, for the latency on an idle server (0: skip)")
	fs.StringVar(&cfg.pprof, "pprof", "", "save CPU profiles of Wutong under each screen's load in this directory (builds Wutong with a pprof listener)")
	fs.StringVar(&cfg.wutongRev, "wutong-rev", "", "build Wutong from this git revision (git archive) instead of the working tree")
	fs.StringVar(&cfg.logs, "logs", "", "keep the servers' output in this directory (by default it is deleted with the run's temporary files)")
	fs.StringVar(&cfg.sqlLog, "sql", "", "write the SQL each server runs for one request of each screen to this file")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if cfg.dsn == "" {
		return cfg, errors.New("-dsn is required, such as postgres://postgres@127.0.0.1:5432/wutong_city?sslmode=disable")
	}
	if cfg.clone != "" && !strings.HasPrefix(cfg.clone, "bench_") {
		return cfg, errors.New("-clone must name a database bench_...")
	}
	if cfg.concurrency < 1 || cfg.duration <= 0 || cfg.counted < 1 || cfg.pageSize < 1 || cfg.first < 1 {
		return cfg, errors.New("-concurrency, -duration, -count-requests, -page-size and -first must be positive")
	}
	for _, k := range strings.Split(*screens, ",") {
		k = strings.TrimSpace(k)
		ok := false
		for _, s := range allScreens {
			ok = ok || s.Key == k
		}
		if !ok {
			return cfg, fmt.Errorf("unknown screen %q", k)
		}
		cfg.screens = append(cfg.screens, k)
	}
	for _, n := range strings.Split(*servers, ",") {
		switch strings.ToLower(strings.TrimSpace(n)) {
		case "wutong":
			cfg.servers = append(cfg.servers, wutong)
		case "postgraphile":
			cfg.servers = append(cfg.servers, postgraphile)
		case "floor":
			cfg.servers = append(cfg.servers, floorServer)
		default:
			return cfg, fmt.Errorf("unknown server %q", n)
		}
	}
	if !contains(cfg.servers, wutong) {
		return cfg, errors.New("-servers must include Wutong, which the logins go through")
	}
	return cfg, nil
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cleanups run at exit and on interrupt, last registered first.
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

// atExit registers a cleanup.
func atExit(f func()) {
	cleanupMu.Lock()
	cleanups = append(cleanups, f)
	cleanupMu.Unlock()
}

// cleanup runs the cleanups once.
func cleanup() {
	cleanupMu.Lock()
	fs := cleanups
	cleanups = nil
	cleanupMu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

// serveFloor is the floor subcommand.
func serveFloor(args []string) error {
	fs := flag.NewFlagSet("floor", flag.ContinueOnError)
	port := fs.Int("port", 8090, "port to listen on (loopback)")
	dsn := fs.String("dsn", "", "PostgreSQL URL")
	maxConns := fs.Int("max-conns", 32, "size of the connection pool (idle connections are kept)")
	accessLog := fs.Bool("access-log", true, "write the access log of unmasked personal fields")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sql.Open("postgres", *dsn)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(*maxConns)
	db.SetMaxIdleConns(*maxConns)
	srv := &http.Server{Addr: "127.0.0.1:" + strconv.Itoa(*port), Handler: floor.New(db, floor.Options{AccessLog: *accessLog}),
		ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return db.Close()
}

// cell is one screen on one server.
type cell struct {
	outcome
	loaded     bool
	alone      time.Duration // median latency of requests sent one at a time
	statements float64       // SQL statements per request
	roundTrips float64       // round trips to PostgreSQL per request
	checkErr   string        // the answer could not be read
	same       string        // "yes", or how it differs from Wutong's
	sql        []string
}

// run is the whole benchmark.
func run(cfg config) error {
	ctx := context.Background()
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
		<-sig
		logf("interrupted: stopping the servers")
		cleanup()
		os.Exit(130)
	}()

	root, err := repoRoot()
	if err != nil {
		return err
	}
	dsn, err := prepareDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	atExit(func() { db.Close() })
	if err := planStats(ctx, db, cfg.analyze, cfg.clone != ""); err != nil {
		return err
	}
	info, err := describe(ctx, db, dsn)
	if err != nil {
		return err
	}
	logf("database %s: %s", info.database, info.data)

	p, err := pickParams(ctx, db, cfg)
	if err != nil {
		return err
	}
	patrolRoles, err := rolesOf(ctx, db, p.PatrolUser)
	if err != nil {
		return err
	}
	logf("staff %s of %s (%s); patrol %s at %.5f,%.5f; compound %s, prefix %q; issue %s; year %d; page %d of %d issues by %d",
		p.Staff, p.CommunityName, p.Community, p.Patrol, p.Latitude, p.Longitude, p.CompoundName, p.Prefix, p.Issue,
		p.Year, p.Page, p.Issues, p.PageSize)

	tmp, err := os.MkdirTemp("", "wutong-bench-")
	if err != nil {
		return err
	}
	atExit(func() { os.RemoveAll(tmp) })
	l := &launch{root: root, tmp: tmp, logs: tmp, floorAccessLog: cfg.floorLog, wutongEnv: strings.Fields(cfg.wutongEnv)}
	if cfg.logs != "" {
		if err := os.MkdirAll(cfg.logs, 0o755); err != nil {
			return err
		}
		l.logs = cfg.logs
	}
	if l.self, err = os.Executable(); err != nil {
		return err
	}
	if cfg.pprof != "" {
		if err := os.MkdirAll(cfg.pprof, 0o755); err != nil {
			return err
		}
		port, err := freePort()
		if err != nil {
			return err
		}
		l.pprofAddr = "127.0.0.1:" + strconv.Itoa(port)
	}
	src := root
	if cfg.wutongRev != "" {
		if src, err = exportRevision(root, cfg.wutongRev, tmp); err != nil {
			return err
		}
	}
	logf("building Wutong from %s", src)
	if l.wutongBin, err = buildWutong(src, tmp, l.pprofAddr != ""); err != nil {
		return err
	}
	if contains(cfg.servers, postgraphile) {
		if l.node, l.pgScript, l.pgDir, err = ensurePostGraphile(root); err != nil {
			return err
		}
		if out, err := exec.Command(l.node, "-v").Output(); err == nil {
			info.node = strings.TrimPrefix(strings.TrimSpace(string(out)), "v")
		}
	}
	direct := map[string]string{postgraphile: dsn}
	if direct[wutong], err = withParams(dsn, cfg.wutongParams); err != nil {
		return err
	}
	if direct[floorServer], err = withParams(dsn, cfg.floorParams); err != nil {
		return err
	}

	cells := map[string]map[string]*cell{}
	for _, k := range cfg.screens {
		cells[k] = map[string]*cell{}
		for _, s := range cfg.servers {
			cells[k][s] = &cell{}
		}
	}
	targets, err := check(cfg, l, p, patrolRoles, direct, cells)
	if err != nil {
		return err
	}
	if err := measure(cfg, l, direct, targets, cells); err != nil {
		return err
	}
	rep := report(cfg, info, p, cells)
	fmt.Println(rep)
	if cfg.results != "" {
		path := cfg.results
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		if err := writeResults(path, rep); err != nil {
			return err
		}
		logf("wrote %s", path)
	}
	return nil
}

// prepareDatabase returns the URL of the database to run on: the one
// given, or a copy of it made with CREATE DATABASE ... TEMPLATE.
func prepareDatabase(ctx context.Context, cfg config) (string, error) {
	u, err := url.Parse(cfg.dsn)
	if err != nil {
		return "", err
	}
	source := strings.TrimPrefix(u.Path, "/")
	if cfg.clone == "" {
		if source == "wutong_city" {
			return "", errors.New("Wutong writes sessions, login attempts and access logs: run on a copy of wutong_city (-clone bench_city)")
		}
		return cfg.dsn, nil
	}
	admin := *u
	admin.Path = "/postgres"
	db, err := sql.Open("postgres", admin.String())
	if err != nil {
		return "", err
	}
	defer db.Close()
	logf("copying %s to %s", source, cfg.clone)
	start := time.Now()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(cfg.clone)+" TEMPLATE "+quoteIdent(source)); err != nil {
		return "", fmt.Errorf("copying %s (no one else may be connected to it): %w", source, err)
	}
	logf("copied in %s", time.Since(start).Round(time.Second))
	if !cfg.keepClone {
		atExit(func() {
			db, err := sql.Open("postgres", admin.String())
			if err != nil {
				return
			}
			defer db.Close()
			if _, err := db.Exec("DROP DATABASE IF EXISTS " + quoteIdent(cfg.clone) + " WITH (FORCE)"); err != nil {
				logf("dropping %s: %v", cfg.clone, err)
			}
		})
	}
	clone := *u
	clone.Path = "/" + cfg.clone
	return clone.String(), nil
}

// planStats makes sure the planner has statistics on the tables the
// screens read: without them (a database just loaded and not yet analyzed)
// plans are guesses and the figures say little. It runs ANALYZE when asked
// to or, on a copy, when the statistics are missing; otherwise it warns.
func planStats(ctx context.Context, db *sql.DB, force, copied bool) error {
	var missing int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM unnest(ARRAY['issues', 'residents', 'issue_comments', 'issue_events', 'dispatches']) AS t(name)
WHERE NOT EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = 'public' AND s.tablename = t.name)`).Scan(&missing)
	if err != nil {
		return err
	}
	switch {
	case force || (copied && missing > 0):
		logf("running ANALYZE")
		start := time.Now()
		if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
			return err
		}
		logf("analyzed in %s", time.Since(start).Round(time.Second))
	case missing > 0:
		logf("WARNING: %d of the screens' tables have no planner statistics: run ANALYZE (or -analyze) for figures that mean something", missing)
	}
	return nil
}

// quoteIdent quotes a SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
