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
