"""The one error a user sees when a file cannot be imported, with the place it points at."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ImportFailure(Exception):
    """A file that cannot be imported: nothing of it is returned.

    `file` is the file's base name, `sheet` the worksheet (None for CSV), `row` the 1-based spreadsheet
    row and `column` the column letter (A, B, …); each is None where it does not apply. `message` is a
    complete Chinese sentence naming the place and saying what to do.
    """

    def __init__(
        self,
        file: str | None,
        problem: str,
        remedy: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = _place(file, sheet, row, column) + _sentence(problem) + _sentence(remedy)
        super().__init__(self.message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.file, self.sheet, self.row, self.column, self.message))


def _rebuild(file: str | None, sheet: str | None, row: int | None, column: str | None, message: str) -> ImportFailure:
    failure = ImportFailure(file, "", "", sheet=sheet, row=row, column=column)
    failure.message = message
    failure.args = (message,)
    return failure


def _place(file: str | None, sheet: str | None, row: int | None, column: str | None) -> str:
    parts = []
    if file:
        parts.append(f"文件“{file}”")
    if sheet:
        parts.append(f"工作表“{sheet}”")
    if row is not None:
        parts.append(f"第{row}行")
    if column:
        parts.append(f"{column}列")
    return "".join(parts) + "：" if parts else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith(("。", "？", "！")) else text + "。"
