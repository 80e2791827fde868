package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
)

// Config is what the server is told by flags and environment variables.
// A flag wins over the environment.
type Config struct {
	// Addr is the address to listen on, such as ":8080".
	Addr string
	// DatabaseURL picks the store: a SQLite file path, or postgres://...
	DatabaseURL string
	// Demo loads the demo data into an empty SQLite database on start.
	Demo bool
	// DemoSeed makes the demo data reproducible.
	DemoSeed int64
	// MaxConns caps the PostgreSQL connection pool.
	MaxConns int
	// SecureCookies marks the session cookie Secure (HTTPS only).
	SecureCookies bool
	// DataDir holds the files the server keeps beside the database: the
	// photos attached to issues.
	DataDir string
	// MaxUploadBytes is the largest photo accepted, in bytes.
	MaxUploadBytes int64
	// Production turns GraphQL introspection and field suggestions off.
	Production bool
	// CORSOrigins are the other origins (such as the staff SPA's) whose
	// pages may call the API from a browser; none by default.
	CORSOrigins []string
	// RateBudget is how many cost points each user and each client
	// address may spend an hour, per replica; 0 turns the budget off.
	RateBudget int
	// MetricsToken, if set, is the bearer token Prometheus must send to
	// read /metrics. In production mode /metrics is off without one.
	MetricsToken string
	// NoMigrate leaves the schema alone on start: the server then refuses
	// to start while migrations are pending (run `wutong migrate`).
	NoMigrate bool
}

// defaultDatabase is the SQLite file used when DATABASE_URL is unset.
const defaultDatabase = "wutong.db"

// errHelp is returned when the user asked for the usage text.
var errHelp = errors.New("help requested")

// usage is the help text of the server.
const usage = `wutong: the Wutong GraphQL API for community self-governance.

Usage:
  wutong [serve] [flags]       start the server (the default)
  wutong seed --demo [flags]   load the demo data into the database
  wutong seed --communities N  load a generated city (N communities) into an empty PostgreSQL database
  wutong migrate [status|diff] bring the database schema up to date (see wutong migrate -h)
  wutong import [flags] FILE   import a roster (.xlsx or .csv) into a community (see wutong import -h)
  wutong export [flags]        export residents, issues or statistics to .xlsx (see wutong export -h)
  wutong help                  show this text

Flags (each also read from the environment variable in brackets):
  -port N              port to listen on [PORT] (default 8080)
  -database-url URL    SQLite file path or postgres://... [DATABASE_URL] (default wutong.db)
  -demo=true|false     load demo data into an empty SQLite database on start [DEMO] (default true)
  -seed N              seed of the demo data [DEMO_SEED] (default 1)
  -max-conns N         PostgreSQL connection pool size [DB_MAX_CONNS] (default 32)
  -secure-cookies      send the session cookie over HTTPS only [COOKIE_SECURE] (default false)
  -data-dir DIR        where uploaded photos are kept [DATA_DIR] (default wutong-data)
  -max-upload-bytes N  largest photo accepted [MAX_UPLOAD_BYTES] (default 10485760)
  -production          turn GraphQL introspection and suggestions off [PRODUCTION] (default false)
  -cors-origins LIST   comma-separated origins whose pages may call the API [CORS_ORIGINS] (default none)
  -rate-budget N       cost points per user and per address an hour, per replica; 0 for no
                       budget [RATE_BUDGET] (default 50000)
  -metrics-token T     bearer token required to read /metrics [METRICS_TOKEN]; without one,
                       /metrics is open in development and off in production
  -migrate=true|false  apply pending migrations on start [MIGRATE] (default true); when
                       false, refuse to start while any are pending
`

// parseConfig reads the flags of a subcommand ("serve" or "seed") over the environment.
func parseConfig(name string, args []string, getenv func(string) string) (Config, error) {
	// Serving loads the demo into an empty SQLite database unless told not
	// to; seeding loads it only when asked with -demo.
	cfg := Config{Addr: ":8080", DatabaseURL: defaultDatabase, Demo: name == "serve", DemoSeed: 1, MaxConns: 32,
		DataDir: "wutong-data", MaxUploadBytes: 10 << 20, RateBudget: 50000}
	if v := getenv("DATA_DIR"); v != "" {
		cfg.DataDir = v
	}
	if v := getenv("PORT"); v != "" {
		cfg.Addr = ":" + v
	}
	if v := getenv("DATABASE_URL"); v != "" {
		cfg.DatabaseURL = v
	}
	var err error
	if v := getenv("DEMO"); v != "" && name == "serve" {
		if cfg.Demo, err = strconv.ParseBool(v); err != nil {
			return cfg, fmt.Errorf("DEMO=%q is not true or false", v)
		}
	}
	if v := getenv("DEMO_SEED"); v != "" {
		if cfg.DemoSeed, err = strconv.ParseInt(v, 10, 64); err != nil {
			return cfg, fmt.Errorf("DEMO_SEED=%q is not a whole number", v)
		}
	}
	if v := getenv("COOKIE_SECURE"); v != "" {
		if cfg.SecureCookies, err = strconv.ParseBool(v); err != nil {
			return cfg, fmt.Errorf("COOKIE_SECURE=%q is not true or false", v)
		}
	}
	origins := getenv("CORS_ORIGINS")
	cfg.MetricsToken = getenv("METRICS_TOKEN")
	if v := getenv("PRODUCTION"); v != "" {
		if cfg.Production, err = strconv.ParseBool(v); err != nil {
			return cfg, fmt.Errorf("PRODUCTION=%q is not true or false", v)
		}
	}
	if v := getenv("MIGRATE"); v != "" {
		migrate, err := strconv.ParseBool(v)
		if err != nil {
			return cfg, fmt.Errorf("MIGRATE=%q is not true or false", v)
		}
		cfg.NoMigrate = !migrate
	}
	if v := getenv("MAX_UPLOAD_BYTES"); v != "" {
		if cfg.MaxUploadBytes, err = strconv.ParseInt(v, 10, 64); err != nil || cfg.MaxUploadBytes < 1 {
			return cfg, fmt.Errorf("MAX_UPLOAD_BYTES=%q is not a positive number", v)
		}
	}
	if v := getenv("RATE_BUDGET"); v != "" {
		if cfg.RateBudget, err = strconv.Atoi(v); err != nil || cfg.RateBudget < 0 {
			return cfg, fmt.Errorf("RATE_BUDGET=%q is not a number of 0 or more", v)
		}
	}
	if v := getenv("DB_MAX_CONNS"); v != "" {
		if cfg.MaxConns, err = strconv.Atoi(v); err != nil || cfg.MaxConns < 1 {
			return cfg, fmt.Errorf("DB_MAX_CONNS=%q is not a positive number", v)
		}
	}

	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	port := fs.String("port", strings.TrimPrefix(cfg.Addr, ":"), "")
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "")
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "")
	fs.Int64Var(&cfg.DemoSeed, "seed", cfg.DemoSeed, "")
	fs.IntVar(&cfg.MaxConns, "max-conns", cfg.MaxConns, "")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", cfg.SecureCookies, "")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "")
	migrate := fs.Bool("migrate", !cfg.NoMigrate, "")
	fs.BoolVar(&cfg.Production, "production", cfg.Production, "")
	fs.StringVar(&origins, "cors-origins", origins, "")
	fs.StringVar(&cfg.MetricsToken, "metrics-token", cfg.MetricsToken, "")
	fs.IntVar(&cfg.RateBudget, "rate-budget", cfg.RateBudget, "")
	fs.Int64Var(&cfg.MaxUploadBytes, "max-upload-bytes", cfg.MaxUploadBytes, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, errHelp
		}
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg.NoMigrate = !*migrate
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		if u, err := url.Parse(o); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Path != "" {
			return cfg, fmt.Errorf("CORS origin %q is not an origin such as https://staff.example.org", o)
		}
		cfg.CORSOrigins = append(cfg.CORSOrigins, o)
	}
	n, err := strconv.Atoi(*port)
	if err != nil || n < 0 || n > 65535 {
		return cfg, fmt.Errorf("port %q is not a number from 0 to 65535", *port)
	}
	cfg.Addr = ":" + strconv.Itoa(n)
	if cfg.MaxUploadBytes < 1 {
		return cfg, fmt.Errorf("max-upload-bytes must be at least 1")
	}
	if cfg.DataDir == "" {
		return cfg, fmt.Errorf("data-dir must not be empty")
	}
	if cfg.MaxConns < 1 {
		return cfg, fmt.Errorf("max-conns must be at least 1")
	}
	if cfg.RateBudget < 0 {
		return cfg, fmt.Errorf("rate-budget must be 0 or more")
	}
	return cfg, nil
}
