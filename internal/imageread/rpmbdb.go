package imageread

import (
	"encoding/binary"
	"errors"
)

// rpm's BerkeleyDB database (/var/lib/rpm/Packages: Amazon Linux 2, CentOS 7, RHEL 8) is a
// Berkeley DB hash database whose keys are header instance numbers and whose values are rpm
// header blobs. It is read without Berkeley DB: every page of the file is looked at once, in
// order; the hash pages' key/value pairs give the values, inline or on a chain of overflow
// pages (the page layouts of Berkeley DB's db_page.h). Each overflow page may be used by one
// value only, and a page's inline values may not hold more bytes than the page, so the work is
// linear in the file.

// Berkeley DB page types and item types.
const (
	bdbHashUnsorted = 2
	bdbOverflow     = 7
	bdbHash         = 13
	bdbKeyData      = 1
	bdbOffPage      = 3
	bdbHashMagic    = 0x061561
	bdbPageHeader   = 26
)

// parseRPMBerkeley reads the packages of an rpm BerkeleyDB hash database. A value that is not
// an rpm header (the count record that older rpm keeps under key 0) is skipped.
func parseRPMBerkeley(data []byte, budget *pkgBudget) ([]Package, error) {
	if len(data) < 512 {
		return nil, errors.New("not a Berkeley DB database")
	}
	var bo binary.ByteOrder = binary.LittleEndian
	switch {
	case binary.LittleEndian.Uint32(data[12:]) == bdbHashMagic:
	case binary.BigEndian.Uint32(data[12:]) == bdbHashMagic:
		bo = binary.BigEndian
	default:
		return nil, errors.New("not a Berkeley DB hash database")
	}
	ps := int(bo.Uint32(data[20:]))
	if ps < 512 || ps > 65536 || ps&(ps-1) != 0 {
		return nil, errCorruptDB
	}
	pages := len(data) / ps
	if pages < 2 {
		return nil, errCorruptDB // a database has its metadata page and a hash page at least
	}
	used := map[uint32]bool{} // the overflow pages taken by a value
	overflow := func(pgno, size uint32) ([]byte, error) {
		if int64(size) > int64(len(data)) {
			return nil, errCorruptDB
		}
		out := make([]byte, 0, size)
		for uint32(len(out)) < size {
			if pgno == 0 || int(pgno) >= pages || used[pgno] {
				return nil, errCorruptDB
			}
			used[pgno] = true
			op := data[int(pgno)*ps : (int(pgno)+1)*ps]
			n := int(bo.Uint16(op[22:])) // the bytes on this page
			if op[25] != bdbOverflow || bdbPageHeader+n > ps {
				return nil, errCorruptDB
			}
			out = append(out, op[bdbPageHeader:bdbPageHeader+min(n, int(size)-len(out))]...)
			pgno = bo.Uint32(op[16:]) // the next page of the chain
		}
		return out, nil
	}
	var out []Package
	for n := 1; n < pages; n++ {
		p := data[n*ps : (n+1)*ps]
		if p[25] != bdbHash && p[25] != bdbHashUnsorted {
			continue
		}
		entries := int(bo.Uint16(p[20:]))
		if bdbPageHeader+2*entries > ps {
			return nil, errCorruptDB
		}
		offset := func(i int) int { return int(bo.Uint16(p[bdbPageHeader+2*i:])) }
		inline := 0
		for i := 0; i+1 < entries; i += 2 {
			// Items are written from the end of the page down: an item ends where the one
			// before it in the index starts.
			v, end := offset(i+1), offset(i)
			if v >= ps || end > ps || v >= end {
				return nil, errCorruptDB
			}
			var blob []byte
			switch p[v] {
			case bdbKeyData:
				if inline += end - v; inline > ps {
					return nil, errCorruptDB
				}
				blob = p[v+1 : end]
			case bdbOffPage:
				if v+12 > ps {
					return nil, errCorruptDB
				}
				var err error
				if blob, err = overflow(bo.Uint32(p[v+4:]), bo.Uint32(p[v+8:])); err != nil {
					return nil, err
				}
			default:
				continue // duplicates: rpm has none
			}
			pkg, err := parseRPMHeader(blob, budget)
			if err != nil || pkg.Name == "" {
				continue
			}
			if !budget.take() {
				return out, nil
			}
			out = append(out, pkg)
		}
	}
	return out, nil
}
