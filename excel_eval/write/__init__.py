"""Writing: what a person or another program receives, made from the judged collection.

The summary workbook (``summary``), the annotated copies (``feedback``), the
Word reports (``report``), the CSV and JSON files (``export`` on the columns of
``tables``), the terminal view (``terminal``) and the blank template with its
layout and guide (``template``, ``template_layout``, ``guide``).  Writers read
what ``read`` and ``judge`` made and change none of it.
"""
