"""Reading: each file as it was sent in, turned into typed records, with what could not be read.

A submission is opened within bounds (``workbook``, ``biff`` for a legacy .xls)
and its inputs located (``locate``) and read (``reader``); the roster of units
and last year's summary are read here too (``roster``, ``history``).  Nothing
here imports ``judge`` or ``write``: what a file says does not depend on how it
is judged or shown.
"""
