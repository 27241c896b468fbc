"""``python -m excel_eval``: the same command line where the scripts folder is not on PATH (often on Windows)."""

from excel_eval.cli import main

main(prog_name="excel-eval")
