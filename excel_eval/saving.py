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

import errno
import gc
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: What marks a temporary file, between the run's process id and the output's suffix.
_TEMPORARY = ".tmp"


@contextmanager
def replaced_atomically(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it when the block ends without an error.

    A failure to write raises :class:`OSError` whichever library met it
    (XlsxWriter wraps the one it meets on closing in its own
    ``FileCreateError``), so that every writer's caller can say why in
    Chinese.  Temporary files a killed run left beside ``target`` go first.
    """
    _remove_stale_temporaries(target)
    temporary = target.with_name(f".{target.stem}.{os.getpid()}{_TEMPORARY}{target.suffix}")
    try:
        yield temporary
        os.replace(temporary, target)
    except Exception as error:
        cause = _os_error_inside(error)
        if cause is None:
            raise
        _close_what_the_writer_left_open(error)
        if cause is error:
            raise
        raise cause from error
    finally:
        temporary.unlink(missing_ok=True)


def _close_what_the_writer_left_open(error: BaseException) -> None:
    """Let go of the half-written file a failed writer still holds, quietly.

    XlsxWriter leaves its zip file open when the disk fills up; closed later by
    the garbage collector, it would fail again and print an English traceback
    after the Chinese message.  Its frames are cleared and collected now, with
    what their finalizers raise about the file already reported dropped.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        chained: BaseException | None = error
        while chained is not None:
            traceback.clear_frames(chained.__traceback__)
            chained = chained.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _os_error_inside(error: BaseException) -> OSError | None:
    """The :class:`OSError` behind a writing library's own exception, or ``None`` when there is none."""
    while error is not None and not isinstance(error, OSError):
        error = next((arg for arg in getattr(error, "args", ()) if isinstance(arg, BaseException)),
                     error.__cause__ or error.__context__)
    return error


def _remove_stale_temporaries(target: Path) -> None:
    """Remove ``.<name>.<pid>.tmp<suffix>`` files beside ``target`` whose run is no longer running.

    A run stopped by force (the window closed, the machine switched off)
    cannot remove its temporary file; the next run writing the same output
    does.  A file of a run still going on this machine is left alone.
    """
    prefix, suffix = f".{target.stem}.", f"{_TEMPORARY}{target.suffix}"
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):-len(suffix)] if name.startswith(prefix) and name.endswith(suffix) else ""
        if pid.isdigit() and not _running(int(pid)):
            (target.parent / name).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # running, as another user
        return True
    return True


#: Chinese reasons for the file-system errors a user meets; any other is named by its number.
_OS_ERROR_REASONS = {
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一项是文件而不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "磁盘为只读",
    errno.EIO: "磁盘读写出错",
    errno.EBUSY: "文件正被其他程序占用",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.ELOOP: "快捷方式（链接）互相指向，形成循环",
    errno.EFBIG: "文件超过磁盘允许的大小",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENXIO: "设备不存在或未连接",
    errno.ETIMEDOUT: "网络共享盘连接超时",
    errno.EHOSTDOWN: "网络共享盘无法连接",
    errno.ESTALE: "网络共享盘上的文件已失效，请重新连接",
}


def os_error_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own text is English on most machines)."""
    number = exc.errno or 0
    return _OS_ERROR_REASONS.get(number, f"系统错误（错误码 {number}）" if number else "系统错误")
