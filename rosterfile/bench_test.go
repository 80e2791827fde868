package rosterfile_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"wutong/ent/membership"
	"wutong/rosterfile"
	"wutong/store"
	"wutong/store/storetest"
)

// benchFiles are the generated rosters, by row count, made once per run.
var (
	benchMu    sync.Mutex
	benchFiles = map[int]string{}
	benchDir   string
)

// benchRoster writes (once) a resident roster of n rows with excelize's
// StreamWriter, as an office's export would be: Chinese headers, phone and
// ID-card numbers as text, valid check digits, three compounds.
func benchRoster(b *testing.B, n int) string {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if p, ok := benchFiles[n]; ok {
		return p
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", residentHeader); err != nil {
		b.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, residentRow(i)); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(benchDir, fmt.Sprintf("residents-%d.xlsx", n))
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	benchFiles[n] = path
	return path
}

// heapPeak samples the heap until stopped and reports the highest
// HeapAlloc seen.
type heapPeak struct {
	stop chan struct{}
	done chan uint64
}

func watchHeap() *heapPeak {
	h := &heapPeak{stop: make(chan struct{}), done: make(chan uint64)}
	go func() {
		var m runtime.MemStats
		var peak uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-h.stop:
				h.done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) peak() uint64 {
	close(h.stop)
	return <-h.done
}

// BenchmarkImportResidents imports generated rosters of 10,000 and
// 100,000 residents into an empty community, on SQLite and PostgreSQL,
// as the command line does (authz.System). It reports rows per second,
// seconds per import, the CPU time of this process per import (on SQLite
// that includes the database engine; on a busy machine it says more than
// the wall time), and the heap's peak during the import: the peak should
// not grow with the file.
//
//	TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable \
//	  go test -run '^$' -bench ImportResidents -benchtime 1x ./rosterfile/
func BenchmarkImportResidents(b *testing.B) {
	benchMu.Lock()
	benchDir, benchFiles = b.TempDir(), map[int]string{}
	benchMu.Unlock()
	for _, d := range storetest.Dialects {
		for _, n := range []int{10_000, 100_000} {
			b.Run(fmt.Sprintf("%s/%d", d, n), func(b *testing.B) {
				path := benchRoster(b, n)
				s := storetest.Open(b, d, store.Options{})
				var peak uint64
				var took, cpu time.Duration
				for i := 0; b.Loop(); i++ {
					b.StopTimer()
					tw := newTown(b, s.Client, fmt.Sprintf("bench%d", i))
					runtime.GC()
					h := watchHeap()
					b.StartTimer()
					start, startCPU := time.Now(), cpuTime()
					res, err := importPath(b, s.Client, tw, rosterfile.Residents, path, rosterfile.Options{})
					took += time.Since(start)
					cpu += cpuTime() - startCPU
					peak = max(peak, h.peak())
					if err != nil {
						b.Fatal(err)
					}
					if !res.OK() || res.Created != n {
						b.Fatalf("created %d of %d:\n%s", res.Created, n, problemsText(res))
					}
				}
				secs := took.Seconds() / float64(b.N)
				b.ReportMetric(secs, "s/import")
				b.ReportMetric(float64(n)/secs, "rows/s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/import")
			})
		}
		// Through the API, as community staff: every record also gets its
		// audit-log entry (one INSERT each, by the audit hook).
		b.Run(fmt.Sprintf("%s/10000-as-staff", d), func(b *testing.B) {
			path := benchRoster(b, 10_000)
			s := storetest.Open(b, d, store.Options{})
			var took time.Duration
			for i := 0; b.Loop(); i++ {
				b.StopTimer()
				tw := newTown(b, s.Client, fmt.Sprintf("staff%d", i))
				staff := newUser(b, s.Client, fmt.Sprintf("staff%d", i), tw.id, membership.RoleCOMMUNITY_STAFF)
				b.StartTimer()
				start := time.Now()
				res, err := rosterfile.ImportFile(as(staff), s.Client, path, rosterfile.Options{CommunityID: tw.id, Kind: rosterfile.Residents})
				took += time.Since(start)
				if err != nil || !res.OK() {
					b.Fatalf("%v %+v", err, res)
				}
			}
			secs := took.Seconds() / float64(b.N)
			b.ReportMetric(secs, "s/import")
			b.ReportMetric(10_000/secs, "rows/s")
		})
	}
}
