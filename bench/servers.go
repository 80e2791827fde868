package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The three servers, in the order they are loaded.
const (
	wutong       = "Wutong"
	postgraphile = "PostGraphile"
	floorServer  = "floor"
)

// server is one running server process.
type server struct {
	name string
	url  string // the GraphQL endpoint
	cmd  *exec.Cmd
	log  string // file with the process's output
	done chan error
	once sync.Once
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// repoRoot is the directory of the wutong module's go.mod.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the harness inside the wutong module (go run ./bench)")
	}
	return filepath.Dir(mod), nil
}

// exportRevision writes a git revision of the repository into a new
// directory under tmp (git archive), for building Wutong as committed.
func exportRevision(root, rev, tmp string) (string, error) {
	dir := filepath.Join(tmp, "src")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	archive := exec.Command("git", "-C", root, "archive", "--format=tar", rev)
	extract := exec.Command("tar", "-x", "-C", dir)
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return "", err
	}
	extract.Stdin = pipe
	archive.Stderr, extract.Stderr = os.Stderr, os.Stderr
	if err := extract.Start(); err != nil {
		return "", err
	}
	if err := archive.Run(); err != nil {
		return "", fmt.Errorf("git archive %s: %w", rev, err)
	}
	if err := extract.Wait(); err != nil {
		return "", fmt.Errorf("extracting %s: %w", rev, err)
	}
	return dir, nil
}

// budgetLine is the hourly budget of Wutong's default limits, which the
// harness's build raises (see buildWutong).
const budgetLine = "HourlyBudget: 50000,"

// buildWutong builds the server from the module root into dir. The build
// raises the hourly budget of cost points per user and address (50,000 in
// limits.Defaults, spent in seconds by a load test from one address) to
// 2^40 with a build overlay: the source tree is not touched, and the budget
// is still kept and spent on every request, as in production. With pprof,
// the overlay also adds a file to package main that serves net/http/pprof
// on the address in WUTONG_BENCH_PPROF. Everything else is Wutong as shipped.
func buildWutong(root, dir string, pprof bool) (string, error) {
	src := filepath.Join(root, "limits", "limits.go")
	b, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	if !bytes.Contains(b, []byte(budgetLine)) {
		return "", fmt.Errorf("%s no longer says %q: update the harness's budget overlay", src, budgetLine)
	}
	patched := filepath.Join(dir, "limits.go")
	b = bytes.Replace(b, []byte(budgetLine), []byte("HourlyBudget: 1 << 40, // raised by the benchmark harness's build overlay"), 1)
	if err := os.WriteFile(patched, b, 0o644); err != nil {
		return "", err
	}
	replace := map[string]string{src: patched}
	if pprof {
		extra := filepath.Join(dir, "bench_pprof.go")
		if err := os.WriteFile(extra, []byte(pprofFile), 0o644); err != nil {
			return "", err
		}
		replace[filepath.Join(root, "zz_bench_pprof.go")] = extra
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return "", err
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "wutong")
	cmd := exec.Command("go", "build", "-overlay", overlayFile, "-o", bin, ".")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building wutong: %w", err)
	}
	return bin, nil
}

// pprofFile is added to Wutong's package main by the build overlay when
// profiling.
const pprofFile = `package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	if addr := os.Getenv("WUTONG_BENCH_PPROF"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
`

// ensurePostGraphile installs bench/postgraphile's pinned packages with
// npm ci when they are missing, and returns the pinned Node 22 and
// PostGraphile's command-line script.
func ensurePostGraphile(root string) (node, script, dir string, err error) {
	dir = filepath.Join(root, "bench", "postgraphile")
	node = filepath.Join(dir, "node_modules", ".bin", "node")
	script = filepath.Join(dir, "node_modules", "postgraphile", "dist", "cli-run.js")
	if _, err := os.Stat(script); err != nil {
		logf("installing PostGraphile (npm ci in %s)", dir)
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", "", "", fmt.Errorf("npm ci in %s: %w", dir, err)
		}
	}
	if _, err := os.Stat(node); err != nil {
		return "", "", "", fmt.Errorf("no Node 22 at %s: %w", node, err)
	}
	return node, script, dir, nil
}

// start runs a server process in a process group of its own, with its
// output in a log file, and returns once it has started.
func start(name, endpoint, logFile, dir string, env []string, bin string, args ...string) (*server, error) {
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	s := &server{name: name, url: endpoint, cmd: cmd, log: logFile, done: make(chan error, 1)}
	go func() {
		s.done <- cmd.Wait()
		f.Close()
	}()
	return s, nil
}

// stop ends the server's process group: SIGTERM, then SIGKILL after 10 s.
// Stopping twice does nothing more.
func (s *server) stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	s.once.Do(func() {
		pgid := s.cmd.Process.Pid
		_ = syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			<-s.done
		}
	})
}

// waitReady polls until ready says yes, the process exits or a minute passes.
func (s *server) waitReady(ready func() bool) error {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("%s exited (%v); its output is in %s", s.name, err, s.log)
		default:
		}
		if ready() {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s did not become ready in a minute; its output is in %s", s.name, s.log)
}

// httpOK reports whether a request answers 200.
func httpOK(req *http.Request) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// launch holds what is needed to start the three servers.
type launch struct {
	root, tmp             string
	logs                  string   // where the servers' output goes
	pprofAddr             string   // Wutong's pprof listener, if profiling
	wutongEnv             []string // extra environment of Wutong
	wutongBin             string
	node, pgScript, pgDir string
	self                  string // this program, which serves the floor
	floorAccessLog        bool
}

// startAll starts the servers named, on free ports, against the given
// database URLs (one per server, so that each can go through a proxy of
// its own), and waits until each is ready. tag names the log files.
func (l *launch) startAll(names []string, dsn map[string]string, tag string) (map[string]*server, error) {
	out := map[string]*server{}
	fail := func(err error) (map[string]*server, error) {
		for _, s := range out {
			s.stop()
		}
		return nil, err
	}
	for _, name := range names {
		port, err := freePort()
		if err != nil {
			return fail(err)
		}
		base := "http://127.0.0.1:" + strconv.Itoa(port)
		logFile := filepath.Join(l.logs, strings.ToLower(name)+"-"+tag+".log")
		var s *server
		switch name {
		case wutong:
			env := slices.Clone(l.wutongEnv)
			if l.pprofAddr != "" {
				env = append(env, "WUTONG_BENCH_PPROF="+l.pprofAddr)
			}
			s, err = start(name, base+"/graphql", logFile, l.tmp, env, l.wutongBin, "serve",
				"-port", strconv.Itoa(port), "-database-url", dsn[name], "-demo=false", "-migrate=false",
				"-data-dir", filepath.Join(l.tmp, "wutong-data"))
		case postgraphile:
			s, err = start(name, base+"/graphql", logFile, l.pgDir,
				[]string{"BENCH_DATABASE_URL=" + dsn[name], "BENCH_PORT=" + strconv.Itoa(port),
					"GRAPHILE_ENV=production", "NODE_ENV=production"},
				l.node, l.pgScript, "-C", filepath.Join(l.pgDir, "graphile.config.mjs"))
		case floorServer:
			s, err = start(name, base+"/graphql", logFile, l.tmp, nil, l.self, "floor",
				"-port", strconv.Itoa(port), "-dsn", dsn[name], "-access-log="+strconv.FormatBool(l.floorAccessLog))
		}
		if err != nil {
			return fail(err)
		}
		out[name] = s
	}
	for _, name := range names {
		s := out[name]
		base := strings.TrimSuffix(s.url, "/graphql")
		var ready func() bool
		switch name {
		case wutong:
			ready = func() bool {
				req, _ := http.NewRequest(http.MethodGet, base+"/readyz", nil)
				return httpOK(req)
			}
		case postgraphile:
			ready = func() bool {
				req, _ := http.NewRequest(http.MethodPost, s.url, strings.NewReader(`{"query":"{__typename}"}`))
				req.Header.Set("Content-Type", "application/json")
				return httpOK(req)
			}
		case floorServer:
			ready = func() bool {
				req, _ := http.NewRequest(http.MethodGet, base+"/healthz", nil)
				return httpOK(req)
			}
		}
		if err := s.waitReady(ready); err != nil {
			return fail(err)
		}
	}
	return out, nil
}

// withParams returns dsn with extra query parameters (a=b&c=d) added.
func withParams(dsn, extra string) (string, error) {
	if extra == "" {
		return dsn, nil
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	add, err := url.ParseQuery(extra)
	if err != nil {
		return "", fmt.Errorf("bad DSN parameters %q: %w", extra, err)
	}
	q := u.Query()
	for k, vs := range add {
		for _, v := range vs {
			q.Set(k, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
