"""Writing an output so that an interrupted run never leaves half a file.

Every writer (the summary, the review copies, the reports, the CSV and JSON
files) writes to a hidden temporary file beside its target and renames it
over the target only when the whole file is written; a failure removes the
temporary file and leaves any earlier output as it was.  The temporary file
is named, not made by ``mkstemp``: a file created the ordinary way gets the
umask's mode, so colleagues on a shared drive can open it (``mkstemp`` makes
it readable by its owner only).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block ends without an error."""
    temporary = target.with_name(f".{target.stem}.{os.getpid()}.tmp{target.suffix}")
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
