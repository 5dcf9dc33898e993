"""CSV downloads that open cleanly in a spreadsheet program.

UTF-8 with a byte order mark, so Excel reads names like "Chloé" and "O’Brien"
rightly; text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at
the start) is prefixed with an apostrophe, as the register's export does.
Numbers are written as numbers: -120 is a deficit, not a formula.
"""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import StreamingHttpResponse

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """A value as a spreadsheet-safe CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return str(value)
    value = str(value)
    return "'" + value if value[:1] in _FORMULA_STARTS else value


class _Echo:
    def write(self, value):
        return value


def csv_download(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A streamed CSV attachment: the header, then each row's cells made safe."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow(header)
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
