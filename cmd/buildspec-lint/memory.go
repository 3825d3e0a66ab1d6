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
// in a large one it lets the heap reach twice what is live. A fixed headroom collects less often
// early and keeps the peak at what is live plus 40 MB (20,000 buildspecs on 2 cores: 130-140 MB
// of RSS, where the default peaks at 155-170 MB). The GOGC it makes is kept between
// gcPercentFloor and 1000%: past 57 MB live, the heap grows by 70% of it.
const (
	gcHeadroom     = 40 << 20
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

// gcPercent is the GOGC that lets the heap grow by gcHeadroom past live bytes, kept between
// gcPercentFloor and 1000.
func gcPercent(live uint64) int {
	if live == 0 {
		return 1000
	}
	return int(min(max(100*gcHeadroom/live, gcPercentFloor), 1000))
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
