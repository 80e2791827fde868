// Command wutong serves the Wutong GraphQL API for community self-governance.
// See README.md for how to run it and what it serves.
package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
	_ "time/tzdata" // communities' time zones work on machines without zoneinfo

	"entgo.io/ent/dialect"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/cors"

	"wutong/auth"
	"wutong/authz"
	"wutong/demo"
	"wutong/ent/community"
	"wutong/feed"
	"wutong/graph"
	"wutong/graphiql"
	"wutong/idempotency"
	"wutong/limits"
	"wutong/migrations"
	"wutong/observe"
	"wutong/photos"
	"wutong/realtime"
	"wutong/reqid"
	"wutong/rosterfile"
	"wutong/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program: it returns the exit code, and prints one clear
// line on stderr for any failure.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, args, getenv, stderr)
	case "seed":
		if isCitySeed(args) {
			err = citySeed(ctx, args, getenv, stdout)
		} else {
			err = seed(ctx, args, getenv, stdout)
		}
	case "migrate":
		err = migrateCommand(ctx, args, getenv, stdout)
	case "import":
		err = importCommand(ctx, args, getenv, stdout)
	case "export":
		err = exportCommand(ctx, args, getenv, stdout)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = fmt.Errorf("unknown command %q", cmd)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "wutong: %v (run 'wutong help' for usage)\n", err)
		return 2
	}
}

// serve runs the server until ctx ends.
func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := parseConfig("serve", args, getenv)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	app, err := NewApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer app.Close()
	return app.Run(ctx)
}

// App is the running server: its store, its listener and its HTTP server.
type App struct {
	cfg   Config
	log   *slog.Logger
	store *store.Store
	// photos keeps the photos attached to issues, under the data directory.
	photos *photos.Store
	ln     net.Listener
	srv    *http.Server
	// feed carries the events subscriptions follow, across replicas on
	// PostgreSQL.
	feed feed.Broker
	// closing ends when the server starts shutting down, and with it
	// every subscription stream.
	closing     context.Context
	stopStreams context.CancelFunc
}

// NewApp opens the store, creates the schema, loads the demo data into an
// empty SQLite database if asked, and starts listening.
func NewApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{MaxConns: cfg.MaxConns})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, store: st}
	if a.photos, err = photos.New(filepath.Join(cfg.DataDir, "photos"), cfg.MaxUploadBytes, 0); err != nil {
		st.Close()
		return nil, fmt.Errorf("data directory %s: %w", cfg.DataDir, err)
	}
	// Take the port first, so that a port in use fails before any work;
	// connections wait in the backlog while the schema is migrated.
	a.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("cannot listen on %s: %w", cfg.Addr, unwrapSyscall(err))
	}
	if err := migrateOrCheck(ctx, st, cfg.NoMigrate, log); err != nil {
		a.Close()
		return nil, err
	}
	if cfg.Demo && st.Dialect == dialect.SQLite {
		if err := a.loadDemoIfEmpty(ctx); err != nil {
			a.Close()
			return nil, err
		}
	}
	if st.Dialect == dialect.Postgres {
		a.feed, err = feed.NewPostgres(ctx, cfg.DatabaseURL, st.DB, feed.Options{Logger: log})
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("listening for events: %w", err)
		}
	} else {
		a.feed = feed.NewLocal(feed.Options{Logger: log})
	}
	st.Client.Use(realtime.Hook(a.feed, log))
	a.closing, a.stopStreams = context.WithCancel(context.Background())
	a.srv = &http.Server{
		Handler:           a.routes(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return a, nil
}

// Addr is the address the server listens on.
func (a *App) Addr() net.Addr { return a.ln.Addr() }

// Run serves until ctx ends, then lets requests in flight finish.
func (a *App) Run(ctx context.Context) error {
	a.log.Info("wutong listening", "addr", a.ln.Addr().String(), "database", a.store.Dialect)
	errc := make(chan error, 1)
	go func() { errc <- a.srv.Serve(a.ln) }()
	sweeping, stopSweeping := context.WithCancel(ctx)
	defer stopSweeping()
	go a.sweep(sweeping)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	a.log.Info("wutong shutting down")
	a.stopStreams()
	if err := a.srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// sweep deletes expired idempotency keys every hour until ctx ends; every
// replica sweeps, and a delete that finds nothing costs one indexed query.
func (a *App) sweep(ctx context.Context) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if n, err := idempotency.Sweep(ctx, a.store.Client, time.Now()); err != nil && ctx.Err() == nil {
			a.log.Warn("sweeping idempotency keys", "error", err)
		} else if n > 0 {
			a.log.Info("idempotency keys expired", "deleted", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Close releases the store and the listener.
func (a *App) Close() error {
	if a.ln != nil {
		a.ln.Close()
	}
	if a.stopStreams != nil {
		a.stopStreams()
	}
	if a.feed != nil {
		a.feed.Close()
	}
	return a.store.Close()
}

// routes is the server's HTTP surface.
func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	authn := auth.NewService(a.store.Client)
	metrics := observe.NewMetrics(prometheus.NewRegistry(), a.store.DB)
	budget := limits.Defaults()
	budget.HourlyBudget = a.cfg.RateBudget
	opts := graph.Options{Limits: &budget, Logger: a.log, Photos: a.photos, Dialect: a.store.Dialect, Metrics: metrics, Production: a.cfg.Production,
		Feed: a.feed, Origins: a.cfg.CORSOrigins, Closing: a.closing}
	// Browsers on the listed origins may call the API, with the session
	// cookie and the headers that make a request non-simple (CSRF).
	allowed := cors.New(cors.Options{
		AllowedOrigins:   a.cfg.CORSOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Authorization", "X-Requested-With", "GraphQL-Require-Preflight", "Idempotency-Key", "Accept"},
		ExposedHeaders:   []string{"X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"},
		AllowCredentials: true,
		MaxAge:           600,
	})
	api := withRequestID(authn.Middleware(limits.Headers(graph.NewHandler(a.store.Client, authn, opts)), a.cfg.SecureCookies))
	if len(a.cfg.CORSOrigins) > 0 {
		// Without origins the library would allow every one (*): then no
		// page of another origin may call the API at all.
		api = allowed.Handler(api)
	}
	mux.Handle("/graphql", metrics.HTTP("/graphql", api))
	// Spreadsheet downloads; the SPA fetches them with the cookie and an
	// X-Requested-With header (or a bearer token), so that a link on another
	// site cannot make someone's browser export personal data.
	mux.Handle("GET /exports/{kind}", metrics.HTTP("GET /exports/{kind}", withRequestID(authn.Middleware(rosterfile.ExportHandler(a.store.Client, a.store.Dialect, a.log), a.cfg.SecureCookies))))
	mux.Handle("GET /photos/{id}", metrics.HTTP("GET /photos/{id}", withRequestID(authn.ReadMiddleware(graph.ServePhoto(a.store.Client, a.photos), a.cfg.SecureCookies))))
	switch {
	case a.cfg.MetricsToken != "":
		mux.Handle("GET /metrics", requireToken(a.cfg.MetricsToken, metrics.Handler()))
	case a.cfg.Production:
		a.log.Warn("/metrics is off: set METRICS_TOKEN to let Prometheus read it in production")
	default:
		mux.Handle("GET /metrics", metrics.Handler())
	}
	// GraphiQL: its page at / and its files under /graphiql/.
	ide := graphiql.Handler(graphiql.Options{Endpoint: "/graphql", Logger: a.log, Title: "Wutong GraphiQL"})
	mux.Handle("GET /{$}", ide)
	mux.Handle("GET "+graphiql.AssetPrefix, ide)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := a.store.Ping(ctx); err != nil {
			a.log.Warn("database not ready", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "database unreachable\n")
			return
		}
		io.WriteString(w, "ok\n")
	})
	return mux
}

// requireToken lets through only requests with the bearer token, compared
// in constant time.
func requireToken(token string, next http.Handler) http.Handler {
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "a bearer token is required", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withRequestID gives each request an id, returned in X-Request-Id.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := reqid.New()
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(reqid.With(r.Context(), id)))
	})
}

// loadDemoIfEmpty loads the demo data when the database has no community.
func (a *App) loadDemoIfEmpty(ctx context.Context) error {
	ctx = authz.System(ctx)
	n, err := a.store.Client.Community.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("checking for data: %w", err)
	}
	if n == 0 {
		start := time.Now()
		sum, err := demo.Load(ctx, a.store.Client, demo.Options{Seed: a.cfg.DemoSeed})
		if err != nil {
			return fmt.Errorf("loading the demo data: %w", err)
		}
		a.log.Info("demo data loaded", "residents", sum.Residents, "issues", sum.Issues, "took", time.Since(start).Round(time.Millisecond))
	}
	if ok, err := a.store.Client.Community.Query().Where(community.Code(demo.Code)).Exist(ctx); err == nil && ok {
		for _, acc := range demo.Accounts {
			a.log.Info("demo account", "login", acc.Username, "password", demo.Password, "role", acc.Role, "community", acc.Community)
		}
	}
	return nil
}

// unwrapSyscall shortens "listen tcp :8080: bind: address already in use"
// to its last part.
func unwrapSyscall(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}

// migrateOrCheck applies the pending migrations, or with NoMigrate only
// checks that none is pending. A database with an unknown or changed
// history stops the server either way.
func migrateOrCheck(ctx context.Context, st *store.Store, check bool, log *slog.Logger) error {
	if check {
		n, err := st.Pending(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%d database migrations are pending: run `wutong migrate`, or start with -migrate=true", n)
		}
		return nil
	}
	applied, err := migrations.Apply(ctx, st.DB, st.Dialect, migrations.Options{})
	for _, a := range applied {
		log.Info("migration applied", "file", a.File, "took", a.Took)
	}
	return err
}
