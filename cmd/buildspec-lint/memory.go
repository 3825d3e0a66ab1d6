package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// softMemoryLimit is the heap size past which the garbage collector runs as often as it must to
// stay under it. By default Go lets the heap grow to twice what is live before collecting, and a
// hostile 4 MiB file keeps up to about 300 MB live while it is parsed: without this limit a run
// would peak past 500 MB. Real runs stay far below it and never pay for it. GOMEMLIMIT, when
// set, wins.
const softMemoryLimit = 320 << 20

// gcHeadroom is how far the heap may grow past what is live before the garbage collector runs.
// Go's default (GOGC=100) lets it grow by what is live: a lint run keeps little live (the
// findings with their files, and the files being linted) while it allocates gigabytes of
// short-lived parse trees, so early in a run the default collects every few megabytes, and late
// in a large one it lets the heap reach twice what is live. Instead the heap may grow to
// gcBudget while what is live is small, and by gcHeadroom past what is live beyond that: a run
// collects least often where it costs nothing in peak memory, and the peak stays at what is
// live plus 40 MB (20,000 buildspecs on 2 cores: 120-140 MB of RSS, where the default peaks at
// 155-170 MB). Past 57 MB live, the heap grows by gcPercentFloor% of it.
const (
	gcHeadroom     = 40 << 20
	gcBudget       = 96 << 20
	gcPercentFloor = 70
)

// limitMemory sets softMemoryLimit, unless GOMEMLIMIT is set, and paces the garbage collector
// to gcHeadroom, unless GOGC is set.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent(0))
		paceGC()
	}
}

// gcPercent is the GOGC that lets the heap grow to gcBudget, or by gcHeadroom past live bytes
// when that is more, and by at least gcPercentFloor%. Before the first collection nothing is
// known to be live, and Go scales its 4 MB minimum heap by the GOGC: gcBudget again.
func gcPercent(live uint64) int {
	if live == 0 {
		return int(100 * gcBudget / (4 << 20))
	}
	goal := max(live+gcHeadroom, gcBudget)
	return int(max(100*(goal-live)/live, gcPercentFloor))
}

// paceGC sets the GOGC for what is live after each collection (gcPercent), from a finalizer
// that each collection runs and that arms the next one.
func paceGC() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// A finalizer needs an object of its own: at least 16 bytes with a pointer, so that it is
	// not batched with other tiny allocations.
	type sentinel struct {
		_ *int
		_ [8]byte
	}
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(sentinel), func(*sentinel) {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetGCPercent(gcPercent(sample[0].Value.Uint64()))
			}
			arm()
		})
	}
	arm()
}
