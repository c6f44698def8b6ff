"""CSV downloads read back as the records they were made from, in any spreadsheet."""
from __future__ import annotations

import csv
import io

from strategies.pages.downloads import to_csv


def test_csv_keeps_every_field_and_leaves_missing_values_empty():
    records = [{"id": "a", "title": 'Say "hello", then\nwave', "percent": 50},
               {"id": "b", "title": "Plain", "percent": None, "due": "2025-03"}]
    text = to_csv(records)
    assert text.splitlines()[0] == "id,title,percent,due"  # fields in the order they first appear
    assert list(csv.DictReader(io.StringIO(text, newline=""))) == [
        {"id": "a", "title": 'Say "hello", then\nwave', "percent": "50", "due": ""},
        {"id": "b", "title": "Plain", "percent": "", "due": "2025-03"},
    ]
