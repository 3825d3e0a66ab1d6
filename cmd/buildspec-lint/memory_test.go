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
		{0, 1000},
		{1 << 20, 1000},       // 40 MB over 1 MB live would be 4000%: capped
		{10 << 20, 400},       // 40 MB over 10 MB
		{20 << 20, 200},       // 40 MB over 20 MB
		{40 << 20, 100},       // as Go's default
		{50 << 20, 80},        // 40 MB over 50 MB
		{64 << 20, 70},        // the floor from here on
		{1 << 30, 70},         // never below it
		{(40 << 20) / 7, 700}, // rounded down
		{(40 << 20) * 3 / 5, 166},
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
				if got < gcPercentFloor || got > 1000 {
					t.Fatalf("round %d: GOGC %d, want %d to 1000", round, got, gcPercentFloor)
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
