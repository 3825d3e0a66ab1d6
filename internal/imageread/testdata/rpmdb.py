#!/usr/bin/env python3
"""Writes rpmdb.sqlite and Packages, the rpm databases of the imageread tests, with the same
rpm header blobs of a few packages and many small fillers.

rpmdb.sqlite is the Packages table as rpm creates it, with 1 KiB pages, so that the table has
interior pages and the big headers overflow pages. Packages is rpm's BerkeleyDB hash database
(written by Perl's DB_File, with Berkeley DB 5.3 as Amazon Linux 2 has): 4-byte instance
numbers as keys, header blobs as values, 4 KiB pages, so that big headers go to overflow pages.

Run from this directory: python3 rpmdb.py
"""
import os
import sqlite3
import struct
import subprocess

INT32, STRING, STRING_ARRAY = 4, 6, 8


def header(name, version, release, epoch=None, files=()):
    entries, store = [], b""

    def add(tag, typ, data, count):
        nonlocal store
        if typ == INT32:
            store += b"\0" * (-len(store) % 4)
        entries.append(struct.pack(">IIII", tag, typ, len(store), count))
        store += data

    add(1000, STRING, name.encode() + b"\0", 1)
    add(1001, STRING, version.encode() + b"\0", 1)
    add(1002, STRING, release.encode() + b"\0", 1)
    if epoch is not None:
        add(1003, INT32, struct.pack(">I", epoch), 1)
    if files:
        dirs = sorted({os.path.dirname(f) + "/" for f in files})
        add(1118, STRING_ARRAY, b"".join(d.encode() + b"\0" for d in dirs), len(dirs))
        add(1117, STRING_ARRAY, b"".join(os.path.basename(f).encode() + b"\0" for f in files), len(files))
        add(1116, INT32, b"".join(struct.pack(">I", dirs.index(os.path.dirname(f) + "/")) for f in files), len(files))
    return struct.pack(">II", len(entries), len(store)) + b"".join(entries) + store


if os.path.exists("rpmdb.sqlite"):
    os.remove("rpmdb.sqlite")
db = sqlite3.connect("rpmdb.sqlite")
db.execute("PRAGMA page_size=1024")
db.execute("PRAGMA journal_mode=DELETE")
db.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
db.execute("CREATE TABLE Name (key TEXT NOT NULL, hnum INTEGER NOT NULL, idx INTEGER NOT NULL)")
rows = [
    header("jq", "1.6", "10.amzn2023.0.2", files=["/usr/bin/jq", "/usr/share/man/man1/jq.1.gz"]),
    header("git-core", "2.40.1", "1.amzn2023.0.3", files=["/usr/bin/git"] + ["/usr/libexec/git-core/git-%03d" % i for i in range(150)] + ["/usr/libexec/git-core/bin/git-shell"]),
    header("bash", "5.2.15", "1.amzn2023.0.2", files=["/usr/bin/bash", "/usr/bin/sh"]),
    header("openssl", "3.0.8", "1.amzn2023.0.14", epoch=1, files=["/usr/bin/openssl"]),
]
rows += [header("filler%03d" % i, "1.0", "1") for i in range(120)]
for r in rows:
    db.execute("INSERT INTO Packages (blob) VALUES (?)", (r,))
db.commit()
db.close()

if os.path.exists("Packages"):
    os.remove("Packages")
perl = r"""
use DB_File; use Fcntl;
$DB_HASH->{bsize} = 4096;
tie %h, "DB_File", "Packages", O_RDWR|O_CREAT, 0644, $DB_HASH or die;
$h{pack("N", 0)} = pack("N", scalar(@ARGV));
my $i = 1;
for my $f (@ARGV) { open(my $fh, "<:raw", $f) or die; local $/; $h{pack("N", $i++)} = <$fh>; close $fh; }
untie %h;
"""
tmp = []
for i, r in enumerate(rows):
    name = "blob%03d.tmp" % i
    with open(name, "wb") as f:
        f.write(r)
    tmp.append(name)
subprocess.run(["perl", "-e", perl] + tmp, check=True)
for name in tmp:
    os.remove(name)
