"""excel-eval: collect, check, score and compare performance self-evaluations (绩效自评)."""

__version__ = "0.1.0"
