"""Duty-list importer: .xlsx/.xls/.csv files as published → ImportedSource, or a precise ImportFailure.

Stages: reader (file → grids) → headers (header row, column map) → kinds (list kind, township, date)
→ rows (grid rows → DutyItems); `sources` ties them together per file.
"""

from kg.importer.errors import ImportFailure
from kg.importer.sources import import_file, import_files

__all__ = ["ImportFailure", "import_file", "import_files"]
