package imageread

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// treeOf builds a flattened image from paths and contents: every file is a regular file whose
// Data is its content.
func treeOf(files map[string]string) *Tree {
	t := &Tree{Entries: map[string]*Entry{}}
	for p, data := range files {
		t.Entries[p] = &Entry{Path: p, Mode: 0o644, Size: int64(len(data)), Data: []byte(data)}
	}
	return t
}

const apkDB = `C:Q1abc=
P:musl
V:1.2.5-r0
A:x86_64
F:lib
R:ld-musl-x86_64.so.1

C:Q1def=
P:jq
V:1.7.1-r0
A:x86_64
T:Lightweight and flexible command-line JSON processor
F:usr
F:usr/bin
R:jq
F:usr/share/man/man1
R:jq.1.gz

P:curl
V:8.9.1-r1
F:usr/bin
R:curl
R:../../etc/escape

C:Q1xyz=
A:x86_64
`

func TestPackagesAPK(t *testing.T) {
	pkgs, notes := packages(treeOf(map[string]string{apkInstalled: apkDB}), DefaultLimits)
	want := []Package{
		{Manager: "apk", Name: "curl", Version: "8.9.1-r1", Files: []string{"/usr/bin/curl"}},
		{Manager: "apk", Name: "jq", Version: "1.7.1-r0", Files: []string{"/usr/bin/jq"}},
		{Manager: "apk", Name: "musl", Version: "1.2.5-r0"},
	}
	if !reflect.DeepEqual(pkgs, want) {
		t.Errorf("packages:\n got %+v\nwant %+v", pkgs, want)
	}
	if len(notes) != 0 {
		t.Errorf("notes: %q", notes)
	}
}

const dpkgDB = `Package: jq
Status: install ok installed
Priority: optional
Architecture: amd64
Version: 1.6-2.1
Description: lightweight and flexible command-line JSON processor
 jq is like sed for JSON data
 Package: fake-continuation

Package: git
Status: hold ok installed
Architecture: amd64
Version: 1:2.39.5-0+deb12u1

Package: removed
Status: deinstall ok config-files
Version: 1.0

Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Version: 2.36-9+deb12u7

Package: nostatus
Version: 9
`

func TestPackagesDpkg(t *testing.T) {
	tr := treeOf(map[string]string{
		dpkgStatus:                    dpkgDB,
		dpkgInfo + "jq.list":          "/.\n/usr\n/usr/bin\n/usr/bin/jq\n/usr/share/doc/jq/copyright\n",
		dpkgInfo + "git.list":         "/usr/bin/git\n/usr/lib/git-core/git\n/usr/lib/git-core/bin/x/../git-shell\n",
		dpkgInfo + "libc6:amd64.list": "/usr/sbin/iconvconfig\n/lib/x86_64-linux-gnu/libc.so.6\n",
		dpkgInfo + "removed.list":     "/usr/bin/removed\n",
	})
	pkgs, notes := packages(tr, DefaultLimits)
	want := []Package{
		{Manager: "dpkg", Name: "git", Version: "1:2.39.5-0+deb12u1", Files: []string{"/usr/bin/git", "/usr/lib/git-core/bin/git-shell"}},
		{Manager: "dpkg", Name: "jq", Version: "1.6-2.1", Files: []string{"/usr/bin/jq"}},
		{Manager: "dpkg", Name: "libc6", Version: "2.36-9+deb12u7", Files: []string{"/usr/sbin/iconvconfig"}},
	}
	if !reflect.DeepEqual(pkgs, want) {
		t.Errorf("packages:\n got %+v\nwant %+v", pkgs, want)
	}
	if len(notes) != 0 {
		t.Errorf("notes: %q", notes)
	}
}

// Distroless images have no status file: a file per package in status.d, without Status.
func TestPackagesDpkgStatusD(t *testing.T) {
	tr := treeOf(map[string]string{
		dpkgStatusD + "base-files":         "Package: base-files\nVersion: 12.4+deb12u6\nArchitecture: amd64\n",
		dpkgStatusD + "tzdata":             "Package: tzdata\nVersion: 2024a-0+deb12u1\n",
		dpkgStatusD + "tzdata.md5sums":     "abc  usr/share/zoneinfo/UTC\n",
		dpkgStatusD + "netbase":            "Package: netbase\nStatus: deinstall ok config-files\nVersion: 6.4\n",
		"/var/lib/dpkg/status.d.bak/other": "Package: other\nVersion: 1\n",
	})
	pkgs, _ := packages(tr, DefaultLimits)
	var got []string
	for _, p := range pkgs {
		got = append(got, p.Name+"="+p.Version)
	}
	if want := []string{"base-files=12.4+deb12u6", "tzdata=2024a-0+deb12u1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("packages: got %q, want %q", got, want)
	}
}

// rpm's SQLite and BerkeleyDB databases are read: testdata/rpmdb.sqlite and testdata/Packages
// (written by testdata/rpmdb.py) have the same packages, with overflow pages, interior pages
// (SQLite), overflow buckets (BerkeleyDB) and an epoch.
func TestPackagesRPMDatabases(t *testing.T) {
	sqlite, err := os.ReadFile(filepath.Join("testdata", "rpmdb.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	bdb, err := os.ReadFile(filepath.Join("testdata", "Packages"))
	if err != nil {
		t.Fatal(err)
	}
	// Both paths of one database are read once.
	both := treeOf(map[string]string{rpmSQLite[0]: string(sqlite), rpmSQLite[1]: string(sqlite), rpmBerkeley[0]: string(bdb)})
	if pkgs, _ := packages(both, DefaultLimits); len(pkgs) != 124 {
		t.Errorf("an image with the database at both paths: %d packages, want 124", len(pkgs))
	}
	files := map[string][]byte{rpmSQLite[0]: sqlite, rpmSQLite[1]: sqlite, rpmBerkeley[0]: bdb, rpmBerkeley[1]: bdb}
	for db, data := range files {
		if !isPackageDB(db) {
			t.Errorf("isPackageDB(%s) = false", db)
		}
		pkgs, notes := packages(treeOf(map[string]string{db: string(data)}), DefaultLimits)
		if len(notes) != 0 {
			t.Errorf("notes: %q", notes)
		}
		if len(pkgs) != 124 {
			t.Fatalf("%d packages, want 124", len(pkgs))
		}
		byName := map[string]Package{}
		for _, p := range pkgs {
			byName[p.Name] = p
		}
		for _, want := range []Package{
			{Manager: "rpm", Name: "jq", Version: "1.6-10.amzn2023.0.2", Files: []string{"/usr/bin/jq"}},
			{Manager: "rpm", Name: "git-core", Version: "2.40.1-1.amzn2023.0.3", Files: []string{"/usr/bin/git", "/usr/libexec/git-core/bin/git-shell"}},
			{Manager: "rpm", Name: "bash", Version: "5.2.15-1.amzn2023.0.2", Files: []string{"/usr/bin/bash", "/usr/bin/sh"}},
			{Manager: "rpm", Name: "openssl", Version: "1:3.0.8-1.amzn2023.0.14", Files: []string{"/usr/bin/openssl"}},
			{Manager: "rpm", Name: "filler119", Version: "1.0-1"},
		} {
			if got := byName[want.Name]; !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s: got %+v, want %+v", db, want.Name, got, want)
			}
		}
	}
}

// An rpm database with changes left in its write-ahead log is read, and said to be partial.
func TestPackagesRPMSQLiteWAL(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "rpmdb.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	tr := treeOf(map[string]string{rpmSQLite[0]: string(data)})
	tr.Entries[rpmSQLite[0]+"-wal"] = &Entry{Path: rpmSQLite[0] + "-wal", Mode: 0o644}
	if _, notes := packages(tr, DefaultLimits); len(notes) != 0 {
		t.Errorf("an empty log: notes %q", notes)
	}
	tr.Entries[rpmSQLite[0]+"-wal"].Size = 4096
	pkgs, notes := packages(tr, DefaultLimits)
	if len(pkgs) != 124 || len(notes) != 1 || !strings.Contains(notes[0], "write-ahead log") {
		t.Errorf("%d packages, notes %q", len(pkgs), notes)
	}
}

// A damaged rpm database is a note, never a crash; a page that two b-tree cells (or overflow
// chains) share is refused, so no hostile file costs more than one visit of each page.
func TestPackagesRPMSQLiteDamaged(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "rpmdb.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"truncated":    data[:len(data)/2],
		"header only":  data[:100],
		"not sqlite":   []byte("SQLite format 2\x00 and more bytes than a header needs to have at all........................................"),
		"page size 3":  append(append(append([]byte{}, data[:16]...), 0, 3), data[18:]...),
		"zeroed pages": append(append([]byte{}, data[:1024]...), make([]byte, len(data)-1024)...),
	} {
		tr := treeOf(map[string]string{rpmSQLite[0]: string(bad)})
		_, notes := packages(tr, DefaultLimits)
		if len(notes) != 1 || !strings.Contains(notes[0], "could not be read") {
			t.Errorf("%s: notes %q, want the database said unread", name, notes)
		}
	}
	// A leaf page whose cell pointers all point at one cell, as many as the page holds: each
	// cell would read the same bytes again (a 64 KiB page of them, 32,000 times), so it is
	// refused.
	overlap := append([]byte{}, data...)
	for n := len(overlap) / 1024; n >= 2; n-- { // the last leaves hold small headers only
		p := overlap[(n-1)*1024 : n*1024]
		if p[0] == 0x0D && binary.BigEndian.Uint16(p[3:]) > 1 {
			// All the room between the pointers and the lowest cell becomes pointers to it.
			low := uint16(1024)
			for i := 0; i < int(binary.BigEndian.Uint16(p[3:])); i++ {
				low = min(low, binary.BigEndian.Uint16(p[8+2*i:]))
			}
			cells := (int(low) - 8) / 2
			binary.BigEndian.PutUint16(p[3:], uint16(cells))
			for i := 0; i < cells; i++ {
				binary.BigEndian.PutUint16(p[8+2*i:], low)
			}
			break
		}
	}
	if _, err := parseRPMSQLite(overlap, &pkgBudget{packages: maxPackages, files: maxPackageFiles}); err == nil {
		t.Error("a page of overlapping cells was read")
	}
	// Every page's interior pointers aimed at page 2: each page is still visited once.
	loop := append([]byte{}, data...)
	for n := 2; n <= len(loop)/1024; n++ {
		p := loop[(n-1)*1024:]
		if p[0] == 0x05 {
			binary.BigEndian.PutUint32(p[8:], 2)
		}
	}
	// A loop that is not caught does not end: the test's own deadline tells it.
	pkgs, notes := packages(treeOf(map[string]string{rpmSQLite[0]: string(loop)}), DefaultLimits)
	if len(pkgs) != 0 || len(notes) != 1 || !strings.Contains(notes[0], "could not be read (corrupt database)") {
		t.Errorf("a b-tree loop: %d packages, notes %q; want the database said corrupt", len(pkgs), notes)
	}
}

// A damaged BerkeleyDB database is a note; an overflow page that two values share, or inline
// values that hold more bytes than their page, are refused.
func TestPackagesRPMBerkeleyDamaged(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "Packages"))
	if err != nil {
		t.Fatal(err)
	}
	const ps = 4096
	shared := append([]byte{}, data...)
	overlap := append([]byte{}, data...)
	for n := 1; n < len(data)/ps; n++ {
		p := overlap[n*ps : (n+1)*ps]
		if p[25] == bdbHash && binary.LittleEndian.Uint16(p[20:]) > 4 {
			// Every pair's value becomes the page's first value, up to the page's end: each
			// would read most of the page again.
			first := uint16(ps)
			for i := 0; i < int(binary.LittleEndian.Uint16(p[20:])); i++ {
				first = min(first, binary.LittleEndian.Uint16(p[bdbPageHeader+2*i:]))
			}
			key := uint16(ps - 1)
			for i := 0; i+1 < int(binary.LittleEndian.Uint16(p[20:])); i += 2 {
				binary.LittleEndian.PutUint16(p[bdbPageHeader+2*i:], key)
				binary.LittleEndian.PutUint16(p[bdbPageHeader+2*i+2:], first)
			}
			break
		}
	}
	for n := 1; n < len(data)/ps; n++ {
		p := shared[n*ps : (n+1)*ps]
		if p[25] != bdbHash {
			continue
		}
		// The page's first pair becomes a copy of a pair whose value is off-page: two values
		// on one overflow chain.
		entries := int(binary.LittleEndian.Uint16(p[20:]))
		for i := 1; i < entries && entries >= 4; i += 2 {
			v := int(binary.LittleEndian.Uint16(p[bdbPageHeader+2*i:]))
			if p[v] == bdbOffPage {
				to := bdbPageHeader
				if i == 1 {
					to += 4
				}
				copy(p[to:to+4], p[bdbPageHeader+2*(i-1):bdbPageHeader+2*(i+1)])
				break
			}
		}
	}
	for name, bad := range map[string][]byte{
		"truncated":     data[:len(data)/3],
		"header only":   data[:512],
		"page size 3":   append(append(append([]byte{}, data[:20]...), 3, 0, 0, 0), data[24:]...),
		"overlapping":   overlap,
		"shared chains": shared,
	} {
		tr := treeOf(map[string]string{rpmBerkeley[0]: string(bad)})
		pkgs, notes := packages(tr, DefaultLimits)
		if name == "truncated" && len(notes) == 0 && len(pkgs) < 124 {
			continue // the pages that are left are read: fewer packages, not a wrong one
		}
		if len(notes) != 1 || !strings.Contains(notes[0], "could not be read") {
			t.Errorf("%s: %d packages, notes %q, want the database said unread", name, len(pkgs), notes)
		}
	}
}

// Seeded random damage to the database (bytes, big and small integers written anywhere): each
// is read to its end, and what is read is clean.
func TestPackagesRPMSQLiteMutations(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "rpmdb.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	bdb, err := os.ReadFile(filepath.Join("testdata", "Packages"))
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	// A damage that made a read loop would not end: the test's own deadline tells it.
	for i := 0; i < 3000; i++ {
		d := append([]byte{}, data...)
		for k := 0; k < 1+r.IntN(16); k++ {
			j := r.IntN(len(d) - 4)
			switch r.IntN(3) {
			case 0:
				d[j] = byte(r.IntN(256))
			case 1:
				copy(d[j:], []byte{0xff, 0xff, 0xff, 0xff}[:1+r.IntN(4)])
			case 2:
				binary.BigEndian.PutUint32(d[j:], uint32(r.IntN(20)))
			}
		}
		pkgs, _ := parseRPMSQLite(d, &pkgBudget{packages: 1000, files: 1000})
		for _, p := range pkgs {
			checkPackage(t, p, "rpm")
		}
		b := append([]byte{}, bdb...)
		copy(b[len(b)-len(d):], d[:min(len(d), len(b))])
		for k := 0; k < 1+r.IntN(16); k++ {
			binary.LittleEndian.PutUint32(b[r.IntN(len(b)-4):], uint32(r.IntN(20)))
		}
		pkgs, _ = parseRPMBerkeley(b, &pkgBudget{packages: 1000, files: 1000})
		for _, p := range pkgs {
			checkPackage(t, p, "rpm")
		}
	}
}

func FuzzParseRPMSQLite(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "rpmdb.sqlite"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, _ := parseRPMSQLite(data, &pkgBudget{packages: 1000, files: 1000})
		for _, p := range pkgs {
			checkPackage(t, p, "rpm")
		}
	})
}

func TestPackagesRPMNoted(t *testing.T) {
	for _, db := range rpmOther {
		tr := &Tree{Entries: map[string]*Entry{db: {Path: db, Mode: 0o644, Size: 1 << 20}}}
		pkgs, notes := packages(tr, DefaultLimits)
		if len(pkgs) != 0 || !reflect.DeepEqual(notes, []string{NoteRPM}) {
			t.Errorf("%s: packages %v, notes %q; want none and %q", db, pkgs, notes, NoteRPM)
		}
		if isPackageDB(db) {
			t.Errorf("isPackageDB(%s): the rpm database's content is not read, so it must not be wanted", db)
		}
	}
}

func TestIsPackageDB(t *testing.T) {
	for p, want := range map[string]bool{
		"/lib/apk/db/installed":                 true,
		"/var/lib/dpkg/status":                  true,
		"/var/lib/dpkg/status-old":              false,
		"/var/lib/dpkg/status.d/tzdata":         true,
		"/var/lib/dpkg/status.d/tzdata.md5sums": false,
		"/var/lib/dpkg/status.d/":               false,
		"/var/lib/dpkg/info/jq.list":            true,
		"/var/lib/dpkg/info/libc6:amd64.list":   true,
		"/var/lib/dpkg/info/jq.md5sums":         false,
		"/var/lib/dpkg/info/.list":              false,
		"/var/lib/dpkg/info/sub/jq.list":        false,
		"/usr/bin/jq":                           false,
	} {
		if got := isPackageDB(p); got != want {
			t.Errorf("isPackageDB(%q) = %v, want %v", p, got, want)
		}
	}
}

// A database whose content was not read (the file is there, its data is not) is said, not
// taken for an empty one.
func TestPackagesUnreadDatabaseNoted(t *testing.T) {
	tr := &Tree{Entries: map[string]*Entry{apkInstalled: {Path: apkInstalled, Mode: 0o644, Size: 100}}}
	_, notes := packages(tr, DefaultLimits)
	if len(notes) != 1 || !strings.Contains(notes[0], apkInstalled) {
		t.Errorf("notes: %q, want one naming %s", notes, apkInstalled)
	}
}

// A database of a million tiny records is read within a few times its size in memory, and
// keeps at most maxPackages packages.
func TestPackagesHostileManyRecords(t *testing.T) {
	var apk, dpkg bytes.Buffer
	for i := 0; apk.Len() < 8<<20; i++ {
		fmt.Fprintf(&apk, "P:p%d\nV:1\nF:usr/bin\nR:x%d\n\n", i, i)
	}
	for i := 0; dpkg.Len() < 8<<20; i++ {
		fmt.Fprintf(&dpkg, "Package: p%d\nStatus: install ok installed\n\n", i)
	}
	tr := &Tree{Entries: map[string]*Entry{
		apkInstalled: {Path: apkInstalled, Mode: 0o644, Size: int64(apk.Len()), Data: apk.Bytes()},
		dpkgStatus:   {Path: dpkgStatus, Mode: 0o644, Size: int64(dpkg.Len()), Data: dpkg.Bytes()},
	}}
	var pkgs []Package
	var notes []string
	n := allocated(func() { pkgs, notes = packages(tr, DefaultLimits) })
	t.Logf("16 MB of records: %d MB allocated", n>>20)
	if n > 128<<20 {
		t.Errorf("16 MB of records allocated %d MB, want at most 128", n>>20)
	}
	if len(pkgs) != maxPackages {
		t.Errorf("%d packages kept, want the bound %d", len(pkgs), maxPackages)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "more than") {
		t.Errorf("notes: %q, want the bound said", notes)
	}
}

// Long lines and no line breaks at all are one pass over the data (a loop that does not end
// meets the test's own deadline).
func TestPackagesHostileShapes(t *testing.T) {
	long := strings.Repeat("R:", 4<<20)
	for name, data := range map[string]string{
		"no breaks":   long,
		"only breaks": strings.Repeat("\n", 4<<20),
		"one package": "P:x\nF:usr/bin\n" + strings.Repeat("R:y\n", 1<<20),
		"nul bytes":   strings.Repeat("P:\x00\n\n", 1<<18),
	} {
		tr := treeOf(map[string]string{apkInstalled: data, dpkgStatus: data})
		// A pass over the data that copied what is left of it at each line would allocate
		// terabytes; one pass allocates a few times the data (two databases of it).
		n := allocated(func() { packages(tr, DefaultLimits) })
		t.Logf("%s: %d MB allocated", name, n>>20)
		if max := 32 * 2 * uint64(len(data)); n > max {
			t.Errorf("%s: %d MB allocated, want at most %d", name, n>>20, max>>20)
		}
	}
}

func FuzzParseAPK(f *testing.F) {
	f.Add([]byte(apkDB))
	f.Add([]byte("P:a\n\nP:b\nR:c\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &pkgBudget{packages: 50, files: 50}
		for _, p := range parseAPK(data, b) {
			checkPackage(t, p, "apk")
		}
	})
}

func FuzzParseDpkg(f *testing.F) {
	f.Add([]byte(dpkgDB), true)
	f.Add([]byte("Package: a\n\nPackage: b\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, status bool) {
		b := &pkgBudget{packages: 50, files: 50}
		recs := parseDpkg(data, status, b)
		if len(recs) > 50 {
			t.Fatalf("%d packages past the bound", len(recs))
		}
		for _, r := range recs {
			checkPackage(t, r.pkg, "dpkg")
		}
		tr := treeOf(map[string]string{dpkgStatus: string(data), dpkgInfo + "a.list": string(data)})
		pkgs, _ := packages(tr, DefaultLimits)
		for _, p := range pkgs {
			checkPackage(t, p, "dpkg")
		}
	})
}

// checkPackage checks what every parsed package must be: named, of its manager, with clean
// absolute files on bin directories.
func checkPackage(t *testing.T, p Package, manager string) {
	t.Helper()
	if p.Name == "" || p.Manager != manager {
		t.Fatalf("package %+v: want a name and manager %s", p, manager)
	}
	for _, f := range p.Files {
		if !strings.HasPrefix(f, "/") || strings.Contains(f, "/../") || !isBinFile(f) {
			t.Fatalf("package %s: file %q is not a clean path on a bin directory", p.Name, f)
		}
	}
}

func FuzzParseRPMBerkeley(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "Packages"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, _ := parseRPMBerkeley(data, &pkgBudget{packages: 1000, files: 1000})
		for _, p := range pkgs {
			checkPackage(t, p, "rpm")
		}
	})
}
