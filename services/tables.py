"""A table a book prints inside a product's text (the RVP's vaccination table), kept as data.

Stored in ``Product.table`` as ``{"columns": [...], "rows": [[...], ...], "note": "..."}``: every row has one
cell per column, cells are plain text (templates escape them), the note is the table's footnote.
"""

from django.core.exceptions import ValidationError


def table_errors(table: object) -> list[str]:
    """Why ``table`` is not a table of this shape (an empty dict is no table and is fine)."""
    if table in ({}, None):
        return []
    if not isinstance(table, dict) or set(table) - {"columns", "rows", "note"}:
        return ["Een tabel heeft alleen 'columns', 'rows' en 'note'."]
    columns, rows, note = table.get("columns"), table.get("rows"), table.get("note", "")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
        return ["De tabel heeft kolomkoppen nodig (een lijst met tekst)."]
    if not isinstance(rows, list) or not rows:
        return ["De tabel heeft ten minste één rij nodig."]
    errors = [
        f"Rij {number} heeft {len(row) if isinstance(row, list) else 0} cellen; verwacht {len(columns)}."
        for number, row in enumerate(rows, start=1)
        if not isinstance(row, list) or len(row) != len(columns) or not all(isinstance(cell, str) for cell in row)
    ]
    if not isinstance(note, str):
        errors.append("De voetnoot van de tabel is tekst.")
    return errors


def validate_table(table: object) -> None:
    errors = table_errors(table)
    if errors:
        raise ValidationError(errors)


def table_as_text(table: dict | None) -> str:
    """The table as lines of text, " | " between cells (for version comparisons); "" for no table."""
    if not table or not table.get("columns"):
        return ""
    lines = [" | ".join(table["columns"]), *(" | ".join(row) for row in table.get("rows", []))]
    if table.get("note"):
        lines.append(f"* {table['note']}")
    return "\n".join(lines)
