#!/usr/bin/env python3
"""Which tables and indexes a SQLite node's commits write: WAL frames per commit by b-tree.

Usage: walpages.py copy-of-engine.db [share-of-frames-to-read]

Give a copy of the engine's database and its -wal file (copied side by side, during or right after a load run; under
continuous load the log is never reset, so its newest frames are the run's commits). Reads the newest share of the log's
frames (default 0.4), counts them per commit, and names the b-tree of each page through SQLite's dbstat table.
"""
import collections, sqlite3, struct, sys

db = sys.argv[1]
share = float(sys.argv[2]) if len(sys.argv) > 2 else 0.4
wal = open(db + "-wal", "rb").read()
page_size = struct.unpack(">I", wal[8:12])[0]
salts = wal[16:24]
frame = page_size + 24
# A log that was reset is written again from its start; frames past the current generation's last one keep an older
# salt and are stale, so they end the log as they end SQLite's recovery.
frames = 0
while 32 + (frames + 1) * frame <= len(wal) and wal[32 + frames * frame + 8:32 + frames * frame + 16] == salts:
    frames += 1
pages, commits = [], 0
for i in range(int(frames * (1 - share)), frames):
    number, commit_size = struct.unpack(">2I", wal[32 + i * frame:40 + i * frame])
    pages.append(number)
    commits += commit_size != 0
commits = max(1, commits)
owner = {page: name for name, page in sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT name, pageno FROM dbstat")}
print(f"{len(pages)} frames in {commits} commits: {len(pages) / commits:.1f} frames per commit ({page_size}-byte pages)")
for name, count in collections.Counter(owner.get(p, "?") for p in pages).most_common(25):
    print(f"{count / commits:7.1f} per commit  {100 * count / len(pages):5.1f}%  {name}")
