package imageread

import (
	"encoding/binary"
	"errors"
	"path"
	"strconv"
)

// rpm's SQLite database (rpmdb.sqlite: Fedora 33+, RHEL 9, Amazon Linux 2023) is read here with
// the standard library alone: the SQLite file format's table b-trees
// (https://www.sqlite.org/fileformat2.html) hold the Packages table, whose rows are rpm header
// blobs (the header structure of https://rpm-software-management.github.io/rpm/manual/format_v4.html,
// without its magic). Only what an inventory needs is read: each package's name, epoch,
// version and release, and its files on bin directories. Every page is visited at most once
// (a page met twice is a corrupt or hostile database), so the work is linear in the file.

var errCorruptDB = errors.New("corrupt database")

// sqliteFile is a SQLite database file held in memory.
type sqliteFile struct {
	data     []byte
	pageSize int
	usable   int // the page size less the bytes reserved at the end of each page
	pages    int
	seen     map[int]bool // the pages visited, b-tree and overflow alike
}

func openSQLite(data []byte) (*sqliteFile, error) {
	if len(data) < 100 || string(data[:16]) != "SQLite format 3\x00" {
		return nil, errors.New("not a SQLite database")
	}
	ps := int(binary.BigEndian.Uint16(data[16:18]))
	if ps == 1 {
		ps = 65536
	}
	if ps < 512 || ps&(ps-1) != 0 {
		return nil, errCorruptDB
	}
	usable := ps - int(data[20])
	if usable < 480 {
		return nil, errCorruptDB
	}
	return &sqliteFile{data: data, pageSize: ps, usable: usable, pages: len(data) / ps, seen: map[int]bool{}}, nil
}

// page returns page n (1-based) and the offset of its b-tree header (100 on page 1, after the
// file header), marking it visited; a page visited before is an error.
func (db *sqliteFile) page(n int) ([]byte, int, error) {
	if n < 1 || n > db.pages || db.seen[n] {
		return nil, 0, errCorruptDB
	}
	db.seen[n] = true
	p := db.data[(n-1)*db.pageSize : n*db.pageSize][:db.usable]
	if n == 1 {
		return p, 100, nil
	}
	return p, 0, nil
}

// rows calls f with the record of each row of the table b-tree rooted at page root, in order,
// until f returns false.
func (db *sqliteFile) rows(root int, f func(rec []byte) bool) error {
	stop := false
	var walk func(n, depth int) error
	walk = func(n, depth int) error {
		if depth > 40 {
			return errCorruptDB
		}
		p, off, err := db.page(n)
		if err != nil {
			return err
		}
		if off+8 > len(p) {
			return errCorruptDB
		}
		kind, cells := p[off], int(binary.BigEndian.Uint16(p[off+3:]))
		hdr := off + 8
		switch kind {
		case 0x05:
			hdr = off + 12
		case 0x0D:
		default:
			return errCorruptDB // not a table b-tree page
		}
		if hdr+2*cells > len(p) {
			return errCorruptDB
		}
		used := 0
		for i := 0; i < cells && !stop; i++ {
			cp := int(binary.BigEndian.Uint16(p[hdr+2*i:]))
			if cp >= len(p) {
				return errCorruptDB
			}
			switch kind {
			case 0x05: // an interior page: each cell is a child's page number and a key
				if cp+4 > len(p) {
					return errCorruptDB
				}
				if err := walk(int(binary.BigEndian.Uint32(p[cp:])), depth+1); err != nil {
					return err
				}
			case 0x0D: // a leaf page: each cell is a row
				size, n1 := sqliteVarint(p[cp:])
				_, n2 := sqliteVarint(p[cp+n1:])
				if n1 == 0 || n2 == 0 {
					return errCorruptDB
				}
				rec, local, err := db.payload(p, cp+n1+n2, size)
				if err != nil {
					return err
				}
				// Cells do not overlap: a page whose cells hold more bytes than it has is a
				// hostile one, whose cells would each read the same bytes again.
				if used += local; used > len(p) {
					return errCorruptDB
				}
				stop = !f(rec)
			default:
				return errCorruptDB
			}
		}
		if kind == 0x05 && !stop {
			return walk(int(binary.BigEndian.Uint32(p[off+8:])), depth+1)
		}
		return nil
	}
	return walk(root, 0)
}

// payload returns a leaf cell's payload of size bytes that starts at p[start:], following its
// overflow pages, and how many of its bytes are on the page.
func (db *sqliteFile) payload(p []byte, start int, size uint64) ([]byte, int, error) {
	if size > uint64(len(db.data)) {
		return nil, 0, errCorruptDB // no payload is bigger than the file that holds it
	}
	total, u := int(size), db.usable
	local, x := total, u-35
	if total > x {
		m := (u-12)*32/255 - 23
		k := m + (total-m)%(u-4)
		local = m
		if k <= x {
			local = k
		}
	}
	if start+local > len(p) {
		return nil, 0, errCorruptDB
	}
	if local == total {
		return p[start : start+local], local, nil
	}
	if start+local+4 > len(p) {
		return nil, 0, errCorruptDB
	}
	out := make([]byte, 0, total)
	out = append(out, p[start:start+local]...)
	next := int(binary.BigEndian.Uint32(p[start+local:]))
	for len(out) < total {
		op, _, err := db.page(next)
		if err != nil || len(op) < 4 {
			return nil, 0, errCorruptDB
		}
		next = int(binary.BigEndian.Uint32(op))
		out = append(out, op[4:4+min(total-len(out), len(op)-4)]...)
	}
	return out, local + 4, nil
}

// sqliteVarint reads a SQLite variable-length integer: big-endian groups of 7 bits, the ninth
// byte whole. n is 0 when b ends first.
func sqliteVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 9; i++ {
		if i >= len(b) {
			return 0, 0
		}
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i] < 0x80 {
			return v, i + 1
		}
	}
	return v, 9
}

// sqliteValue is one column of a record: an integer, or text or a blob (b); null has neither.
type sqliteValue struct {
	i     int64
	b     []byte
	isInt bool
}

// record splits a row's record into its columns.
func record(rec []byte) ([]sqliteValue, error) {
	hsize, n := sqliteVarint(rec)
	if n == 0 || hsize > uint64(len(rec)) || int(hsize) < n {
		return nil, errCorruptDB
	}
	var out []sqliteValue
	body := int(hsize)
	for h := n; h < int(hsize); {
		st, k := sqliteVarint(rec[h:int(hsize)])
		if k == 0 {
			return nil, errCorruptDB
		}
		h += k
		var v sqliteValue
		var size int
		switch {
		case st == 0 || st == 8 || st == 9:
			v.isInt, v.i = st != 0, int64(st)-8
		case st <= 6:
			size = []int{0, 1, 2, 3, 4, 6, 8}[st]
			if body+size > len(rec) {
				return nil, errCorruptDB
			}
			var x int64
			for _, c := range rec[body : body+size] {
				x = x<<8 | int64(c)
			}
			if shift := 64 - 8*size; shift > 0 {
				x = x << shift >> shift // sign-extend
			}
			v.isInt, v.i = true, x
		case st == 7:
			size = 8
		case st >= 12:
			if (st-12)/2 > uint64(len(rec)) {
				return nil, errCorruptDB
			}
			size = int((st - 12) / 2)
			if body+size > len(rec) {
				return nil, errCorruptDB
			}
			v.b = rec[body : body+size]
		default:
			return nil, errCorruptDB
		}
		body += size
		if body > len(rec) {
			return nil, errCorruptDB
		}
		out = append(out, v)
	}
	return out, nil
}

// parseRPMSQLite reads the packages of an rpm SQLite database.
func parseRPMSQLite(data []byte, budget *pkgBudget) ([]Package, error) {
	db, err := openSQLite(data)
	if err != nil {
		return nil, err
	}
	root := 0
	err = db.rows(1, func(rec []byte) bool {
		cols, err := record(rec)
		if err == nil && len(cols) >= 4 && string(cols[0].b) == "table" && string(cols[1].b) == "Packages" && cols[3].isInt {
			root = int(cols[3].i)
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if root == 0 {
		return nil, errors.New("no Packages table")
	}
	var out []Package
	var bad error
	err = db.rows(root, func(rec []byte) bool {
		cols, err := record(rec)
		if err != nil || len(cols) < 2 {
			bad = errCorruptDB
			return false
		}
		p, err := parseRPMHeader(cols[1].b, budget)
		if err != nil {
			bad = err
			return false
		}
		if p.Name == "" {
			return true
		}
		if !budget.take() {
			return false
		}
		out = append(out, p)
		return true
	})
	if err == nil {
		err = bad
	}
	return out, err
}

// The rpm header tags read, and their types.
const (
	rpmTagName       = 1000
	rpmTagVersion    = 1001
	rpmTagRelease    = 1002
	rpmTagEpoch      = 1003
	rpmTagDirIndexes = 1116
	rpmTagBasenames  = 1117
	rpmTagDirNames   = 1118

	rpmInt32       = 4
	rpmString      = 6
	rpmStringArray = 8
)

// parseRPMHeader reads an rpm header blob as the database stores it: the count of index
// entries and the size of the data (32-bit big-endian each), the entries (tag, type, offset,
// count), then the data.
func parseRPMHeader(b []byte, budget *pkgBudget) (Package, error) {
	pkg := Package{Manager: "rpm"}
	if len(b) < 8 {
		return pkg, errCorruptDB
	}
	il, dl := int64(binary.BigEndian.Uint32(b)), int64(binary.BigEndian.Uint32(b[4:]))
	if 8+16*il+dl > int64(len(b)) {
		return pkg, errCorruptDB
	}
	entries, store := b[8:8+16*il], b[8+16*il:8+16*il+dl]
	var version, release, epoch string
	var dirs, bases []string
	var dirIndexes []int
	for i := int64(0); i < il; i++ {
		e := entries[16*i:]
		tag, typ := binary.BigEndian.Uint32(e), binary.BigEndian.Uint32(e[4:])
		off, count := int64(binary.BigEndian.Uint32(e[8:])), int64(binary.BigEndian.Uint32(e[12:]))
		if off > dl {
			return pkg, errCorruptDB
		}
		data := store[off:]
		switch {
		case tag == rpmTagName && typ == rpmString:
			pkg.Name = cString(data)
		case tag == rpmTagVersion && typ == rpmString:
			version = cString(data)
		case tag == rpmTagRelease && typ == rpmString:
			release = cString(data)
		case tag == rpmTagEpoch && typ == rpmInt32 && len(data) >= 4:
			epoch = strconv.FormatUint(uint64(binary.BigEndian.Uint32(data)), 10)
		case tag == rpmTagDirNames && typ == rpmStringArray:
			dirs = cStrings(data, count)
		case tag == rpmTagBasenames && typ == rpmStringArray:
			bases = cStrings(data, count)
		case tag == rpmTagDirIndexes && typ == rpmInt32:
			if count > int64(len(data))/4 {
				return pkg, errCorruptDB
			}
			dirIndexes = make([]int, count)
			for j := range dirIndexes {
				dirIndexes[j] = int(binary.BigEndian.Uint32(data[4*j:]))
			}
		}
	}
	pkg.Version = version
	if release != "" {
		pkg.Version += "-" + release
	}
	if epoch != "" && epoch != "0" {
		pkg.Version = epoch + ":" + pkg.Version
	}
	for i, base := range bases {
		if i >= len(dirIndexes) || dirIndexes[i] < 0 || dirIndexes[i] >= len(dirs) {
			break
		}
		f := path.Clean("/" + dirs[dirIndexes[i]] + "/" + base)
		if isBinFile(f) && budget.files > 0 {
			budget.files--
			pkg.Files = append(pkg.Files, f)
		}
	}
	return pkg, nil
}

// cString returns the NUL-terminated string at the start of b.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// cStrings returns count NUL-terminated strings from the start of b (fewer if b ends first).
func cStrings(b []byte, count int64) []string {
	var out []string
	for int64(len(out)) < count && len(b) > 0 {
		s := cString(b)
		out = append(out, s)
		b = b[min(len(s)+1, len(b)):]
	}
	return out
}
