"""Teaches schemathesis the one custom format of Memoria's OpenAPI document: `edtf`.

The document marks uncertain dates `{"type": "string", "format": "edtf"}` (the Extended
Date/Time Format, levels 0 and 1). JSON Schema has no such format, so without this
schemathesis would send any string as a valid date. Every value drawn here is valid
EDTF; the server's own parser decides, so a value it refused would fail the run.
"""

import schemathesis
from hypothesis import strategies as st

YEAR = r"-?[0-9]{4}"
MONTH = r"(0[1-9]|1[0-2])"
DAY = r"(0[1-9]|1[0-9]|2[0-8])"  # a day every month has
QUALIFIER = r"[?~%]?"

single = st.from_regex(
    rf"\A({YEAR}(-{MONTH}(-{DAY})?)?|[0-9]{{4}}-2[1-4]|[0-9]{{3}}X|[0-9]{{2}}XX|[0-9]{{4}}-XX|[0-9]{{4}}-{MONTH}-XX){QUALIFIER}\Z"
)


def _interval(years):
    start, end = sorted(years)
    return f"{start:04d}/{end:04d}"


interval = st.lists(st.integers(0, 9999), min_size=2, max_size=2).map(_interval)
open_interval = st.from_regex(rf"\A[0-9]{{4}}(-{MONTH})?/\.\.\Z")

schemathesis.openapi.format("edtf", st.one_of(single, interval, open_interval))
