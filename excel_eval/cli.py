"""The ``excel-eval`` command line: parses options and calls plain functions.

Heavy libraries (pandas, openpyxl, xlsxwriter) are imported inside the
commands, so ``excel-eval --help`` starts fast.
"""

from __future__ import annotations

import click

from excel_eval import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="excel-eval", message="%(prog)s %(version)s")
def main() -> None:
    """绩效自评表的模板生成、检查与汇总工具。"""
