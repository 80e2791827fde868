package main

import (
	"bytes"
	"net/http"
	"slices"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// outcome is what one load run measured.
type outcome struct {
	Requests   int
	Errors     int
	Throughput float64       // completed requests per second
	P50, P99   time.Duration // latency percentiles over all requests
	FirstError string        // the first error seen, for the log
}

// graphqlErrors reports whether a GraphQL answer holds errors. The key
// "errors": can only be an object key in JSON (a string value is never
// followed by a colon), and none of the screens selects a field named
// errors, so this is exact for these answers without decoding them, which
// would take CPU from the servers on a small machine.
func graphqlErrors(body []byte) bool {
	i := bytes.Index(body, []byte(`"errors":`))
	if i < 0 {
		return false
	}
	rest := bytes.TrimLeft(body[i+len(`"errors":`):], " \t\r\n")
	return !bytes.HasPrefix(rest, []byte("null")) && !bytes.HasPrefix(rest, []byte("[]"))
}

// loadPlan is how one server is loaded with one screen.
type loadPlan struct {
	url         string
	body        []byte
	header      http.Header
	concurrency int
	warmup      time.Duration
	duration    time.Duration
	// alone is how long to send one request at a time after the load, for
	// the latency of a request on an idle server (0: not measured).
	alone time.Duration
	// during, if set, runs beside the measured load with its duration
	// (to take a CPU profile); load waits for it.
	during func(time.Duration)
}

// load sends a request as fast as concurrency workers can for the
// duration (vegeta's max-throughput mode: rate 0, a fixed number of
// workers, each waiting for its answer before sending again, over
// keep-alive connections), after a warm-up whose results are dropped. A
// request counts as an error when it fails, answers other than 200, or
// answers 200 with GraphQL errors. It returns the load's outcome and the
// median latency of requests sent one at a time.
func load(p loadPlan) (outcome, time.Duration) {
	tgt := vegeta.Target{Method: http.MethodPost, URL: p.url, Body: p.body, Header: p.header}
	attack := func(workers int, d time.Duration, keep bool) outcome {
		a := vegeta.NewAttacker(
			vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(uint64(workers)),
			vegeta.Connections(workers), vegeta.KeepAlive(true), vegeta.Timeout(60*time.Second))
		var (
			o         outcome
			latencies []time.Duration
			first     time.Time
			last      time.Time
		)
		for res := range a.Attack(vegeta.NewStaticTargeter(tgt), vegeta.Rate{Freq: 0}, d, "bench") {
			if !keep {
				continue
			}
			o.Requests++
			latencies = append(latencies, res.Latency)
			if first.IsZero() || res.Timestamp.Before(first) {
				first = res.Timestamp
			}
			if end := res.End(); end.After(last) {
				last = end
			}
			bad := res.Error != "" || res.Code != http.StatusOK || graphqlErrors(res.Body)
			if bad {
				o.Errors++
				if o.FirstError == "" {
					o.FirstError = res.Error
					if o.FirstError == "" {
						o.FirstError = string(res.Body)
						if len(o.FirstError) > 300 {
							o.FirstError = o.FirstError[:300]
						}
					}
				}
			}
		}
		if !keep || o.Requests == 0 {
			return o
		}
		if span := last.Sub(first); span > 0 {
			o.Throughput = float64(o.Requests) / span.Seconds()
		}
		slices.Sort(latencies)
		o.P50 = percentile(latencies, 0.50)
		o.P99 = percentile(latencies, 0.99)
		return o
	}
	if p.warmup > 0 {
		attack(p.concurrency, p.warmup, false)
	}
	done := make(chan struct{})
	if p.during != nil {
		go func() {
			p.during(p.duration)
			close(done)
		}()
	} else {
		close(done)
	}
	o := attack(p.concurrency, p.duration, true)
	<-done
	var alone time.Duration
	if p.alone > 0 {
		alone = attack(1, p.alone, true).P50
	}
	return o, alone
}

// percentile returns the q-quantile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
