"""Spreadsheets (CSV), both ways. Incidents: one row per incident, in the columns analysts keep
in Excel (``vocabulary``), read all or nothing (``reader``) and written so that a spreadsheet
never runs a cell as a formula and the import reads the export back (``writer``).
Capacity-building projects, one row per project, follow the same conventions (``projects``)."""

from cdtoolbox.formats.csv.reader import read_incident_csv
from cdtoolbox.formats.csv.writer import csv_lines, csv_row

__all__ = ["csv_lines", "csv_row", "read_incident_csv"]
