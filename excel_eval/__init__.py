"""excel-eval: collect, check, score and compare performance self-evaluations (绩效自评).

The Python API (``collect_folder``, ``check_file``, ``read_csv``) lives in
:mod:`excel_eval.api` and is loaded on first use, so that ``import
excel_eval`` and the command line stay fast and never import pandas.
"""

__version__ = "0.1.0"

_API = ("collect_folder", "check_file", "read_csv", "CollectionResult")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from excel_eval import api

        return getattr(api, name)
    raise AttributeError(f"module 'excel_eval' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
