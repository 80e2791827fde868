package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// check is the first phase: each server reaches PostgreSQL through a
// counting proxy of its own. It logs in to Wutong, builds the screens'
// requests, fetches each screen once from each server and compares the
// answers with Wutong's, keeps the SQL of one request, and counts the
// statements over cfg.counted sequential requests. The servers stop at the
// end: the load runs without the proxies.
func check(cfg config, l *launch, p *params, patrolRoles map[string][]string, direct map[string]string,
	cells map[string]map[string]*cell) (map[string]map[string]target, error) {
	u, err := url.Parse(direct[postgraphile])
	if err != nil {
		return nil, err
	}
	pgAddr := u.Host
	if u.Port() == "" {
		pgAddr = u.Hostname() + ":5432"
	}
	proxies := map[string]*pgProxy{}
	viaProxies := map[string]string{}
	for _, s := range cfg.servers {
		px, err := startProxy(pgAddr)
		if err != nil {
			return nil, err
		}
		defer px.Close()
		proxies[s] = px
		if viaProxies[s], err = viaProxy(direct[s], px.Addr()); err != nil {
			return nil, err
		}
	}
	logf("starting %s (through counting proxies)", strings.Join(cfg.servers, ", "))
	servers, err := l.startAll(cfg.servers, viaProxies, "check")
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	atExit(func() {
		for _, s := range servers {
			s.stop()
		}
	})

	a := access{patrolRoles: patrolRoles}
	if a.staffToken, err = login(servers[wutong].url, p.Staff, cfg.password); err != nil {
		return nil, err
	}
	if a.patrolToken, err = login(servers[wutong].url, p.Patrol, cfg.password); err != nil {
		return nil, err
	}
	if s := servers[postgraphile]; s != nil {
		if a.pgCursor, err = pgCursorBefore(s.url, p); err != nil {
			return nil, err
		}
	}
	targets, err := buildTargets(p, a)
	if err != nil {
		return nil, err
	}

	var sqlLog strings.Builder
	for _, k := range cfg.screens {
		sc := screenByKey(k)
		answers := map[string][]string{}
		for _, name := range cfg.servers {
			s, t, c, px := servers[name], targets[k][name], cells[k][name], proxies[name]
			body, err := post(s.url, t.body, t.header)
			if err == nil {
				answers[name], err = canonical(body, t.canon)
			}
			if err != nil {
				c.checkErr = err.Error()
				logf("%s %s: %s: %v", k, sc.Op, name, err)
				continue
			}
			px.Record()
			if _, err := post(s.url, t.body, t.header); err != nil {
				return nil, err
			}
			c.sql = px.Recorded()
			stmts0, trips0 := px.Counts()
			for range cfg.counted {
				if _, err := post(s.url, t.body, t.header); err != nil {
					return nil, err
				}
			}
			stmts1, trips1 := px.Counts()
			c.statements = float64(stmts1-stmts0) / float64(cfg.counted)
			c.roundTrips = float64(trips1-trips0) / float64(cfg.counted)
			fmt.Fprintf(&sqlLog, "== %s %s on %s: %d statements\n", k, sc.Op, name, len(c.sql))
			for _, q := range c.sql {
				fmt.Fprintf(&sqlLog, "%s;\n", strings.TrimSpace(q))
			}
			sqlLog.WriteString("\n")
		}
		ref, ok := answers[wutong]
		if !ok {
			continue
		}
		if len(ref) <= 1 {
			logf("%s %s: Wutong's answer is (nearly) empty: %v", k, sc.Op, ref)
		}
		summary := []string{fmt.Sprintf("Wutong %d lines", len(ref))}
		for _, name := range cfg.servers {
			lines, ok := answers[name]
			if name == wutong || !ok {
				continue
			}
			if d := diff(wutong, ref, name, lines, 6); d != "" {
				cells[k][name].same = "differs"
				summary = append(summary, name+" DIFFERS")
				fmt.Fprintf(os.Stderr, "bench: %s %s: %s's data differs from Wutong's:\n%s", k, sc.Op, name, d)
			} else {
				cells[k][name].same = "same"
				summary = append(summary, name+" same")
			}
		}
		logf("%s %s: %s", k, sc.Op, strings.Join(summary, ", "))
	}
	if cfg.sqlLog != "" {
		if err := os.WriteFile(cfg.sqlLog, []byte(sqlLog.String()), 0o644); err != nil {
			return nil, err
		}
		logf("wrote the SQL of one request per screen and server to %s", cfg.sqlLog)
	}
	return targets, nil
}

// screenByKey returns a screen by its key.
func screenByKey(k string) screen {
	for _, s := range allScreens {
		if s.Key == k {
			return s
		}
	}
	panic("no screen " + k)
}

// measure is the second phase: the servers connect to PostgreSQL directly.
// One server runs at a time, loaded with each screen in turn, so that no
// idle server holds connections (PostgreSQL allows 100) or memory while
// another is measured.
func measure(cfg config, l *launch, direct map[string]string, targets map[string]map[string]target,
	cells map[string]map[string]*cell) error {
	for _, name := range cfg.servers {
		logf("starting %s", name)
		servers, err := l.startAll([]string{name}, direct, "load")
		if err != nil {
			return err
		}
		s := servers[name]
		atExit(s.stop)
		for _, k := range cfg.screens {
			sc := screenByKey(k)
			c := cells[k][name]
			if c.checkErr != "" {
				continue
			}
			t := targets[k][name]
			plan := loadPlan{url: s.url, body: t.body, header: t.header, concurrency: cfg.concurrency,
				warmup: cfg.warmup, duration: cfg.duration, alone: cfg.alone}
			if name == wutong && l.pprofAddr != "" {
				plan.during = func(d time.Duration) {
					profile(l.pprofAddr, d, filepath.Join(cfg.pprof, "wutong-"+k+"-"+sc.Op+".pprof"))
				}
			}
			o, alone := load(plan)
			c.outcome, c.alone, c.loaded = o, alone, true
			logf("%-2s %-11s %-12s %7.0f req/s  p50 %6.1f ms  p99 %6.1f ms  %d errors of %d; alone p50 %.1f ms",
				k, sc.Op, name, o.Throughput, ms(o.P50), ms(o.P99), o.Errors, o.Requests, ms(alone))
			if o.FirstError != "" {
				logf("   first error: %s (the server's output: %s)", o.FirstError, s.log)
			}
			time.Sleep(time.Second)
		}
		s.stop()
	}
	return nil
}

// profile saves a CPU profile of Wutong taken over d (less a second, so
// that it ends within the load) from its pprof listener.
func profile(addr string, d time.Duration, file string) {
	secs := max(int(d.Seconds())-1, 1)
	c := &http.Client{Timeout: d + 30*time.Second}
	resp, err := c.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs))
	if err != nil {
		logf("profiling Wutong: %v", err)
		return
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if err == nil {
		err = os.WriteFile(file, b, 0o644)
	}
	if err != nil {
		logf("profiling Wutong: %v", err)
	}
}

// ms is a duration in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
