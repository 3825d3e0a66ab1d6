package main

import (
	"os"
	"runtime/debug"
)

// softMemoryLimit is the heap size past which the garbage collector runs as often as it must to
// stay under it. By default Go lets the heap grow to twice what is live before collecting, and a
// hostile 4 MiB file keeps up to about 300 MB live while it is parsed: without this limit a run
// would peak past 500 MB. Real runs stay far below it and never pay for it. GOMEMLIMIT, when
// set, wins.
const softMemoryLimit = 320 << 20

// limitMemory sets softMemoryLimit, unless GOMEMLIMIT is set.
func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemoryLimit)
	}
}
