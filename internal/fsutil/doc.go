// Package fsutil reads input files safely: only regular files, bounded in size before they are
// read (ReadRegularFile), never a FIFO or device, and never a path that resolves into /proc,
// /sys or /dev (CheckSystemPath).
package fsutil
