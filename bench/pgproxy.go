package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"sync/atomic"
)

// pgProxy sits between one server and PostgreSQL and counts what the server
// asks of the database: the statements it runs (each simple-protocol Query
// message and each extended-protocol Execute message) and its round trips
// (each Query and each Sync, after which the client waits for the server).
// It reads only the client's side of the conversation, forwards every byte
// unchanged, and can keep the text of the statements while recording is on.
//
// It adds a hop to every round trip, so the harness uses it only for the
// check and the statement counts, never while measuring speed.
type pgProxy struct {
	ln     net.Listener
	target string

	statements atomic.Int64
	roundTrips atomic.Int64

	mu        sync.Mutex
	recording bool
	texts     []string

	wg sync.WaitGroup
}

// startProxy listens on a free loopback port and forwards each connection
// to target (host:port).
func startProxy(target string) (*pgProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &pgProxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *pgProxy) Addr() string { return p.ln.Addr().String() }

// Close stops accepting connections. Connections already open stay open
// until their server closes them.
func (p *pgProxy) Close() error {
	err := p.ln.Close()
	p.wg.Wait()
	return err
}

// Counts returns the statements and round trips seen so far.
func (p *pgProxy) Counts() (statements, roundTrips int64) {
	return p.statements.Load(), p.roundTrips.Load()
}

// Record starts keeping the text of each statement run, forgetting what
// was kept before.
func (p *pgProxy) Record() {
	p.mu.Lock()
	p.recording, p.texts = true, nil
	p.mu.Unlock()
}

// Recorded stops recording and returns the statements kept, in order.
func (p *pgProxy) Recorded() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.recording = false
	return p.texts
}

// keep records a statement's text while recording is on.
func (p *pgProxy) keep(text string) {
	p.mu.Lock()
	if p.recording {
		p.texts = append(p.texts, text)
	}
	p.mu.Unlock()
}

// serve accepts connections until the listener is closed.
func (p *pgProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.handle(c)
	}
}

// handle forwards one connection both ways, reading the client's messages.
func (p *pgProxy) handle(client net.Conn) {
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		client.Close()
		return
	}
	go func() {
		_, _ = io.Copy(client, server)
		client.Close()
	}()
	_ = p.pipeClient(client, server)
	server.Close()
}

// Protocol codes of the untyped messages a client may send first.
const (
	sslRequestCode    = 80877103
	gssEncRequestCode = 80877104
	cancelRequestCode = 80877102
)

// pipeClient copies the client's messages to the server, counting them.
// Before the startup message the client's messages have no type byte
// (SSLRequest, GSSENCRequest, StartupMessage, CancelRequest).
func (p *pgProxy) pipeClient(client, server net.Conn) error {
	r := bufio.NewReaderSize(client, 64<<10)
	w := bufio.NewWriterSize(server, 64<<10)
	var header [5]byte
	// The untyped start of the conversation.
	for {
		if _, err := io.ReadFull(r, header[:4]); err != nil {
			return err
		}
		n := int(binary.BigEndian.Uint32(header[:4]))
		if n < 8 {
			return errors.New("pgproxy: bad startup message")
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(r, body); err != nil {
			return err
		}
		if _, err := w.Write(header[:4]); err != nil {
			return err
		}
		if _, err := w.Write(body); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
		code := binary.BigEndian.Uint32(body[:4])
		if code == cancelRequestCode {
			return nil
		}
		if code != sslRequestCode && code != gssEncRequestCode {
			break // the StartupMessage: typed messages follow
		}
	}
	// Statements by prepared-statement name and by portal name, to tell
	// which text an Execute runs.
	prepared := map[string]string{}
	portals := map[string]string{}
	for {
		if _, err := io.ReadFull(r, header[:]); err != nil {
			return err
		}
		n := int(binary.BigEndian.Uint32(header[1:5]))
		if n < 4 {
			return errors.New("pgproxy: bad message length")
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(r, body); err != nil {
			return err
		}
		switch header[0] {
		case 'Q': // Query: one round trip, counted as one statement
			p.statements.Add(1)
			p.roundTrips.Add(1)
			p.keep(cString(body))
		case 'P': // Parse: name, query, ...
			name := cString(body)
			rest := body[min(len(name)+1, len(body)):]
			prepared[name] = cString(rest)
		case 'B': // Bind: portal, statement, ...
			portal := cString(body)
			rest := body[min(len(portal)+1, len(body)):]
			portals[portal] = prepared[cString(rest)]
		case 'E': // Execute: portal, max rows
			p.statements.Add(1)
			p.keep(portals[cString(body)])
		case 'S': // Sync: the client now waits for the server
			p.roundTrips.Add(1)
		}
		if _, err := w.Write(header[:]); err != nil {
			return err
		}
		if _, err := w.Write(body); err != nil {
			return err
		}
		// Flush when the client would wait for an answer, or when nothing
		// more is buffered from it.
		if header[0] == 'S' || header[0] == 'Q' || header[0] == 'H' || r.Buffered() == 0 {
			if err := w.Flush(); err != nil {
				return err
			}
		}
		if header[0] == 'X' { // Terminate
			return nil
		}
	}
}

// cString returns the NUL-terminated string at the start of b.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// viaProxy returns dsn with its host and port replaced by addr.
func viaProxy(dsn, addr string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	u.Host = addr
	return u.String(), nil
}
