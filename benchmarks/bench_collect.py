"""Benchmark: collecting N submissions, against the plain approach and the unzip floor.

For each N (100, 1,000 and 5,000 by default) the script times, side by side:

1. plain   — what a user would write: ``pandas.read_excel(path, sheet_name=None)``
             with openpyxl for every file, a few cells picked out, and an
             openpyxl-written summary;
2. collect — excel-eval as shipped: ``collect`` + ``write_summary`` (and, for
             1,000 files, the ``excel-eval collect`` command as a user runs it);
3. floor   — unzipping each file and reading its sheet XML bytes, nothing more.

Each measurement runs in a fresh process.  Times are wall-clock seconds
measured inside that process (library imports included, interpreter start-up
not), except the command, which is timed from outside like a user would see
it.  Peak memory is the largest resident set of the process tree, sampled
every 10 ms, and the exact peak of the main process.

Usage::

    python benchmarks/bench_collect.py                 # 100, 1000 and 5000 files
    python benchmarks/bench_collect.py --sizes 100,1000
    python benchmarks/bench_collect.py --quick         # 100 files, a smoke run

The submissions are generated once into ``benchmarks/.cache/`` (see
:func:`generate`) and reused while the generator's version is unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
#: Bump when the generated files change, so cached folders are rebuilt.
GENERATOR_VERSION = 5
DEFAULT_SIZES = (100, 1000, 5000)
CLI_SIZE = 1000
YEAR = 2024

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# Generating submissions ------------------------------------------------------------------
#
# Filling the template through openpyxl costs ~50 ms a file, far too slow for
# thousands.  So a few dozen distinct variants (three base submissions × the
# usual ways towns get them wrong) are filled once through the defined names,
# and every file is a copy of one variant with its own unit name and a varied
# first indicator, patched straight into the sheet XML and re-zipped (~2 ms a
# file).  A few files per hundred are duplicates or unreadable, as in a real
# folder.

COUNTIES = ("白云", "天河", "海珠", "荔湾", "越秀", "黄埔", "番禺", "花都", "南沙", "从化",
            "增城", "顺德", "南海", "禅城", "高明", "三水", "香洲", "斗门", "金湾", "惠城")
SYLLABLES = "安宝北昌大东丰福高广和华黄嘉江金井乐良龙马南平青清仁三沙山石太塘田新兴阳永云长中钟竹"


def _unit_name(index: int) -> str:
    """A distinct town or street name per index, under one of the counties.

    The county is part of the file's folder and of the written name, but not
    of the unit's identity (a district's units are told apart without it), so
    the syllables alone must differ from one index to the next.
    """
    county = COUNTIES[index % len(COUNTIES)]
    kind = "镇" if index % 3 else "街道"
    digits = []
    for _ in range(3):
        index, digit = divmod(index, len(SYLLABLES))
        digits.append(SYLLABLES[digit])
    return f"{county}区{''.join(digits)}{kind}"


def _variants() -> dict[str, dict]:
    """Base submissions × the problems towns send in, as fill-ready data."""
    from tests.builders import CLEAN_FIELDS, CLEAN_INDICATORS, CLEAN_PAYMENTS
    from tests.seed_data import SHIMEN_2023, ZHONGLUOTAN_2022

    clean = {**CLEAN_FIELDS, "indicators": CLEAN_INDICATORS, "payments": CLEAN_PAYMENTS}
    bases = {"zhongluotan": ZHONGLUOTAN_2022, "shimen": SHIMEN_2023, "clean": clean}

    def first_actual(data: dict, value) -> dict:
        rows = [dict(row) for row in data["indicators"]]
        rows[0]["actual"] = value(rows[0])
        return {**data, "indicators": rows}

    problems = {
        "as_filed": lambda d: d,
        "under_spent": lambda d: {**d, "fund_current_spent": round(d["fund_current"] * 0.82, 2)},
        "funds_off": lambda d: {**d, "fund_district": (d.get("fund_district") or 0) + 5},
        "text_numbers": lambda d: first_actual({**d, "fund_current_spent": f"{d['fund_current_spent']}万元"},
                                               lambda row: f"{row['actual']}{row.get('unit', '')}"),
        "unmet": lambda d: first_actual(d, lambda row: row["actual"] * 0.7
                                        if isinstance(row["actual"], (int, float)) else row["actual"]),
        "missing": lambda d: {**d, "contact_phone": None, "suggestions": None},
        "grade_off": lambda d: {**d, "self_grade": "良", "self_total_score": 95},
    }
    variants = {}
    for base_name, base in bases.items():
        dated = {**base, "eval_year": YEAR, "fill_date": dt.date(YEAR + 1, 1, 15)}
        for problem, change in problems.items():
            variants[f"{base_name}-{problem}"] = change(dated)
    return variants


def _fill_variants(folder: Path) -> list[dict[str, bytes]]:
    """Each variant filled into the shipped template, as its zip members."""
    from tests.samples import build_sample

    folder.mkdir(parents=True, exist_ok=True)
    members = []
    for name, data in _variants().items():
        path = build_sample(data, folder / f"{name}.xlsx")
        with zipfile.ZipFile(path) as archive:
            members.append({info.filename: archive.read(info) for info in archive.infolist()})
    return members


def _sheet_parts(members: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → its XML part, from the workbook and its relationships."""
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    targets = {rel.get("Id"): rel.get("Target", "")
               for rel in ElementTree.fromstring(members["xl/_rels/workbook.xml.rels"])}
    parts = {}
    for sheet in ElementTree.fromstring(members["xl/workbook.xml"]).iter(f"{main}sheet"):
        target = targets[sheet.get(rel_id)]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _set_cell(xml: bytes, cell: str, value: str | float) -> bytes:
    """``xml`` with ``cell`` holding ``value`` (keeping its style); unchanged if the cell is absent."""
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*?)(?:/>|>.*?</c>)', re.S)
    match = pattern.search(xml)
    if match is None:
        return xml
    style = re.search(rb' s="[0-9]+"', match.group(1))
    style = style.group(0) if style else b""
    if isinstance(value, str):
        body = f'<c r="{cell}"{style.decode()} t="inlineStr"><is><t>{html.escape(value)}</t></is></c>'
    else:
        body = f'<c r="{cell}"{style.decode()}><v>{value:g}</v></c>'
    return xml[:match.start()] + body.encode() + xml[match.end():]


def _cell_number(xml: bytes, cell: str) -> float | None:
    match = re.search(rb'<c r="' + cell.encode() + rb'"(?:(?! t=)[^>])*><v>([-0-9.Ee]+)</v>', xml)
    return float(match.group(1)) if match else None


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (YEAR + 1, 1, 15, 9, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)


def _special(kind: str, path: Path, good: bytes) -> Path:
    """An unreadable file of ``kind`` next to the good ones."""
    if kind == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "word":
        path = path.with_suffix(".docx")
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
    elif kind == "lock":
        path = path.with_name(f"~${path.name}")
        path.write_bytes(b"\x0c" + "张三".encode("utf-16-le").ljust(160, b"\0"))
    else:
        path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return path


def generate(count: int) -> Path:
    """``count`` submissions in ``benchmarks/.cache/n<count>/``, generated once.

    A stamp beside the folder (not inside it: collect lists every file it
    finds) records the generator version the folder was made with.

    One folder per county, as a province would receive them.  Of every 100
    files one is a second submission of the previous unit, and of every 200
    one is unreadable (truncated, a Word document, an Excel lock file or a
    PDF), so the run also exercises duplicates and failures.
    """
    folder = CACHE / f"n{count}"
    stamp = CACHE / f"n{count}.json"
    wanted = {"version": GENERATOR_VERSION, "count": count}
    if folder.is_dir() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return folder
    started = time.perf_counter()
    stamp.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    variants = _fill_variants(CACHE / "variants")
    from tests.filling import cell_of, table_cells

    parts = _sheet_parts(variants[0])
    unit_sheet, unit_cell = cell_of("unit_name").split("!")
    indicator_sheet, actual_cell = table_cells(CACHE / "variants" / "clean-as_filed.xlsx", 1, ["actual"])[0].split("!")
    basic, indicators = parts[unit_sheet], parts[indicator_sheet]
    rng = random.Random(count)
    for index in range(count):
        duplicate = index % 100 == 50
        source = index - 1 if duplicate else index
        unit = _unit_name(source)
        members = dict(variants[rng.randrange(len(variants))])
        members[basic] = _set_cell(members[basic], unit_cell, unit)
        actual = _cell_number(members[indicators], actual_cell)
        if actual is not None:
            members[indicators] = _set_cell(members[indicators], actual_cell,
                                            round(actual * rng.uniform(1.0, 1.25)))
        subfolder = folder / f"{COUNTIES[source % len(COUNTIES)]}区"
        subfolder.mkdir(parents=True, exist_ok=True)
        suffix = "（补报）" if duplicate else ""
        path = subfolder / f"{unit}_{YEAR}_绩效自评{suffix}.xlsx"
        _write_zip(path, members)
        if index % 200 == 99:
            kinds = ("truncated", "word", "lock", "pdf")
            _special(kinds[index // 200 % len(kinds)], subfolder / f"{unit}_{YEAR}_绩效自评_副本.xlsx",
                     path.read_bytes())
    stamp.write_text(json.dumps(wanted))
    files = len(_files(folder))
    print(f"  generated {files} files in {folder.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s",
          flush=True)
    return folder


# The three approaches (each run in its own process) -------------------------------------

def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def run_plain(folder: Path, output: Path) -> dict:
    """The approach a user would write: pandas + openpyxl per file, an openpyxl summary."""
    import warnings

    import openpyxl
    import pandas as pd

    warnings.simplefilter("ignore")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append(["文件", "单位", "年度", "全年预算数", "全年执行数", "执行率", "指标数", "指标自评得分合计",
                  "自评总分", "自评等级", "错误"])
    for path in _files(folder):
        if path.suffix.lower() != ".xlsx":
            continue
        try:
            sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
            basic, funds = sheets["基本信息"], sheets["资金情况"]
            table, conclusion = sheets["绩效指标"], sheets["自评结论"]
            budget = pd.to_numeric(funds.iat[3, 2], errors="coerce")
            spent = pd.to_numeric(funds.iat[3, 3], errors="coerce")
            rows = table.iloc[3:]
            scores = pd.to_numeric(rows[9], errors="coerce")
            sheet.append([path.name, basic.iat[2, 1], basic.iat[4, 1], budget, spent,
                          spent / budget if budget else None, int(pd.to_numeric(rows[7], errors="coerce").notna().sum()),
                          float(scores.sum()), conclusion.iat[2, 1], conclusion.iat[3, 1], ""])
        except Exception as error:  # a user's script notes the file and goes on
            sheet.append([path.name] + [None] * 9 + [str(error)[:200]])
    book.save(output)
    return {}


def run_collect(folder: Path, output: Path) -> dict:
    """excel-eval as shipped, through its plain functions."""
    from excel_eval.collect import collect
    from excel_eval.rules import load_rules
    from excel_eval.write.summary import write_summary

    started = time.perf_counter()
    collection = collect(folder, load_rules())
    read = time.perf_counter() - started
    write_summary(collection, output)
    return {"read_seconds": read, "write_seconds": time.perf_counter() - started - read,
            "units": len(collection.units), "failed": len(collection.failed)}


def run_floor(folder: Path, output: Path) -> dict:
    """Unzip each file and read its sheet XML bytes, nothing more."""
    total = 0
    for path in _files(folder):
        try:
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                        total += len(archive.read(name))
        except (zipfile.BadZipFile, OSError):
            continue
    return {"bytes": total}


RUNNERS = {"plain": run_plain, "collect": run_collect, "floor": run_floor}


def _run_inside(kind: str, folder: Path, output: Path) -> None:
    """Entry point of a measuring process: time one approach, print the result as JSON."""
    started = time.perf_counter()
    extra = RUNNERS[kind](folder, output)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "main_rss_mb": _peak_rss_mb(), **extra}))


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory (``ru_maxrss`` would include the parent's at fork)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else None


# Measuring -------------------------------------------------------------------------------

class TreeMemory:
    """Samples the resident memory of a process and all its children every 10 ms."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                total = 0
                for process in tree:
                    try:
                        total += process.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.01)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def measure(command: list[str], timed_outside: bool = False) -> dict:
    """Run ``command`` in a fresh process; its time, peak tree memory and main-process peak."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    memory = TreeMemory(process.pid)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak = memory.stop()
    if process.returncode not in (0, 1) or not timed_outside and not stdout.strip():
        raise SystemExit(f"measurement failed: {' '.join(command)}\n{stderr.decode(errors='replace')[-2000:]}")
    result = {"seconds": seconds} if timed_outside else json.loads(stdout.decode().strip().splitlines()[-1])
    result["tree_rss_mb"] = peak / 2**20
    result.setdefault("main_rss_mb", None)
    return result


def measure_approach(kind: str, folder: Path, output: Path) -> dict:
    output.unlink(missing_ok=True)
    return measure([sys.executable, __file__, "--run", kind, "--folder", str(folder), "--output", str(output)])


def measure_cli(folder: Path, output: Path) -> dict:
    output.unlink(missing_ok=True)
    return measure([_console_script(), "collect", str(folder), "-o", str(output)], timed_outside=True)


def measure_help(repeats: int = 5) -> float:
    """Best wall time of ``excel-eval --help`` over ``repeats`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([_console_script(), "--help"], stdout=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def _console_script() -> str:
    """The installed ``excel-eval`` script (next to this Python, so no shell shim is timed)."""
    beside = Path(sys.executable).with_name("excel-eval")
    return str(beside) if beside.exists() else shutil.which("excel-eval") or "excel-eval"


# Report ----------------------------------------------------------------------------------

def _row(label: str, files: int, result: dict) -> str:
    main = f"{result['main_rss_mb']:8.0f}" if result.get("main_rss_mb") else "       —"
    return (f"  {label:<16}{result['seconds']:9.2f} s{result['seconds'] * 1000 / files:10.2f} ms"
            f"{result['tree_rss_mb']:10.0f} MB{main} MB")


def best_of(repeat: int, run) -> dict:
    """The fastest of ``repeat`` runs, with the highest peak memory seen in any of them."""
    runs = [run() for _ in range(repeat)]
    best = dict(min(runs, key=lambda result: result["seconds"]))
    best["tree_rss_mb"] = max(result["tree_rss_mb"] for result in runs)
    if all(result.get("main_rss_mb") for result in runs):
        best["main_rss_mb"] = max(result["main_rss_mb"] for result in runs)
    return best


def benchmark(sizes: list[int], with_cli: bool, repeat: int) -> None:
    import platform

    print(f"excel-eval collect benchmark — {dt.date.today()}, {os.cpu_count()} CPUs "
          f"({len(os.sched_getaffinity(0))} usable), Python {platform.python_version()}, "
          f"best of {repeat}; load average {os.getloadavg()[0]:.2f}", flush=True)
    print(f"excel-eval --help: {measure_help() * 1000:.0f} ms (best of 5)\n", flush=True)
    output_dir = CACHE / "output"
    output_dir.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        folder = generate(size)
        files = len(_files(folder))
        for path in _files(folder):  # every approach starts with the files in the page cache
            path.read_bytes()
        results = {kind: best_of(repeat, lambda: measure_approach(kind, folder, output_dir / f"{kind}-{size}.xlsx"))
                   for kind in ("floor", "collect", "plain")}
        print(f"N = {size} ({files} files)          total     per file   peak tree   peak main")
        print(_row("1 plain", files, results["plain"]))
        print(_row("2 collect", files, results["collect"]))
        collect = results["collect"]
        print(f"    read {collect['read_seconds'] * 1000 / files:.2f} ms/file, "
              f"write {collect['write_seconds'] * 1000 / files:.2f} ms/file; "
              f"{collect['units']} units, {collect['failed']} unreadable")
        if with_cli and size == CLI_SIZE:
            print(_row("2 excel-eval cli", files,
                       best_of(repeat, lambda: measure_cli(folder, output_dir / f"cli-{size}.xlsx"))))
        print(_row("3 floor", files, results["floor"]))
        print(f"  plain / collect = {results['plain']['seconds'] / collect['seconds']:.1f}×   "
              f"collect / floor = {collect['seconds'] / results['floor']['seconds']:.1f}×   "
              f"(load average {os.getloadavg()[0]:.2f})\n", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated numbers of submissions (default: 100,1000,5000)")
    parser.add_argument("--quick", action="store_true", help="100 files only, no command-line run")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each measurement this many times and keep the fastest (default: 1)")
    parser.add_argument("--run", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        _run_inside(args.run, args.folder, args.output)
        return
    try:
        sizes = [100] if args.quick else [int(size) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error(f"--sizes should be numbers separated by commas, got {args.sizes!r}")
    if args.repeat < 1:
        parser.error("--repeat should be at least 1")
    benchmark(sizes, with_cli=not args.quick, repeat=args.repeat)


if __name__ == "__main__":
    main()
