package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 2400},             // before the first collection: 4 MB scaled to the budget
		{1 << 20, 9500},       // up to the 96 MB budget
		{10 << 20, 860},       // (96-10)/10
		{32 << 20, 200},       // (96-32)/32
		{40 << 20, 140},       // (96-40)/40
		{56 << 20, 71},        // the budget and the headroom meet
		{57 << 20, 70},        // 40 MB over 57 MB, rounded down
		{64 << 20, 70},        // the floor from here on
		{1 << 30, 70},         // never below it
		{(96 << 20) / 7, 600}, // rounded down
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}

// TestPaceGC: after a collection, the GOGC in force is the one for what is live, and the next
// collection sets it again (the finalizer re-arms itself).
func TestPaceGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	paceGC()
	for round := range 2 {
		debug.SetGCPercent(7) // a value the pacer never sets
		deadline := time.Now().Add(30 * time.Second)
		for {
			runtime.GC()
			got := debug.SetGCPercent(7)
			if got != 7 {
				if want := gcPercent(0); got < gcPercentFloor || got > 100*want {
					t.Fatalf("round %d: GOGC %d, want %d to %d", round, got, gcPercentFloor, 100*want)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: no collection set the GOGC in 30 s", round)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}
