"""A process that opens many database files keeps no file descriptor for each one."""

from __future__ import annotations

import os

from kernel.db import connect, write_transaction


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_writing_to_many_databases_leaves_no_descriptor_open_after_they_close(tmp_path):
    # The suite and a long-running central open many files; pyserial's select() fails on a
    # descriptor number past 1024, so leaked ones broke the printer of that very process.
    before = open_descriptors()
    for n in range(60):
        db = connect(tmp_path / f"{n}.sqlite3")
        with write_transaction(db):
            db.execute("CREATE TABLE t (x)")
        db.close()
    assert open_descriptors() - before < 5
