"""Reading the downloads of stations.exports in tests (streamed .xlsx and .csv)."""

import csv
import io

from openpyxl import load_workbook


def body(response) -> bytes:
    """The whole download; a streamed one is read once and kept on the response."""
    if not getattr(response, "streaming", False):
        return response.content
    if not hasattr(response, "_test_body"):
        response._test_body = b"".join(
            chunk.encode() if isinstance(chunk, str) else chunk
            for chunk in response.streaming_content
        )
    return response._test_body


def xlsx_rows(response) -> list[tuple]:
    """Every row of the first sheet, the title row(s) and the header row included."""
    return list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))


def xlsx_cells(response):
    """The cells (not values) of the first sheet, to check types and formats."""
    return list(load_workbook(io.BytesIO(body(response))).active.iter_rows())


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))
