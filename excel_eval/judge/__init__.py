"""Judging: what the figures are worth and what is wrong with them, in one file and across files.

The scores recomputed (``scoring``) and one submission checked (``checks``;
``review`` reads, scores and checks a file), then, with every file reviewed,
the rules across files (``cross_file``), the indicators units share
(``compare``) and the ranking (``ranking``).  It takes what ``read`` made and
writes nothing: ``write`` shows what it found.
"""
