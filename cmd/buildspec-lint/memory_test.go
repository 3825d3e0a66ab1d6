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
		{1 << 20, 1000},       // 48 MB over 1 MB live would be 4800%: capped
		{16 << 20, 300},       // 48 MB over 16 MB
		{24 << 20, 200},       // 48 MB over 24 MB
		{48 << 20, 100},       // as Go's default
		{60 << 20, 80},        // 48 MB over 60 MB
		{64 << 20, 75},        // the floor from here on
		{1 << 30, 75},         // never below it
		{(48 << 20) / 7, 700}, // rounded down
		{(48 << 20) * 3 / 5, 166},
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
