"""CSV export for Dutch Excel: semicolon-separated UTF-8 with BOM, formula-safe cells."""

import csv
import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from api.serializers import product_url
from services.costs import CostLine, CostSummary
from services.models import (
    Product,
)


class CSVRenderer(BaseRenderer):
    """A semicolon-separated UTF-8 file with BOM: what a Dutch spreadsheet opens correctly by double-click.

    Expects a list of flat dicts (one per row); the columns are the view's ``csv_columns`` (so an empty
    selection still has its header row) or else the first row's keys.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        rows = data if isinstance(data, list) else [data]
        view = (renderer_context or {}).get("view")
        columns = list(getattr(view, "csv_columns", None) or (rows[0] if rows else []))
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\r\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
        return buffer.getvalue().encode(self.charset)


# OWASP's list of characters a spreadsheet may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Keep a spreadsheet from reading text as a formula (CSV injection); numbers stay numbers."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


PRODUCT_CSV_COLUMNS = (
    "Organisatie",
    "Jaar",
    "Eenheid",
    "Product",
    "Schillen",
    "Opdrachtgever",
    "Wettelijk kader",
    "Leeftijd vanaf (maanden)",
    "Leeftijd tot en met (maanden)",
    "Samenvatting",
    "Financiering",
    "Prijs (euro)",
    "Prijs per",
    "Bron prijs",
    "Link",
)


def csv_amount(amount: Decimal | None) -> str:
    """An amount as a Dutch spreadsheet reads a number: decimal comma, no thousands separator; "" if unknown."""
    return "" if amount is None else f"{amount:.2f}".replace(".", ",")


def cost_csv_columns(costs: CostSummary) -> tuple[str, ...]:
    """The columns a municipality's selection adds: its cost per product (services.costs)."""
    name = costs.municipality.name
    return (
        f"Kosten {name} {costs.year} (euro)",
        "Kosten onbekend omdat",
        "Kosten vorig jaar (euro)",
        "Verandering (euro)",
    )


def cost_csv_cells(costs: CostSummary, line: CostLine | None) -> dict[str, Any]:
    amount, reason, previous, change = cost_csv_columns(costs)
    if line is None:
        return {}
    return {
        amount: csv_amount(line.cost.amount),
        reason: line.cost.reason,
        previous: csv_amount(line.previous.amount) if line.previous else "",
        change: csv_amount(line.change),
    }


def product_csv_row(product: Product, request: Request | None) -> dict[str, Any]:
    """One spreadsheet row: the columns an officer needs to budget what the municipality takes."""
    return {
        "Organisatie": product.organisation.short_name,
        "Jaar": product.edition.year,
        "Eenheid": product.unit.name,
        "Product": product.title,
        "Schillen": ", ".join(row.tier.name for row in product.product_tiers.all()),
        "Opdrachtgever": ", ".join(
            dict.fromkeys(row.tier.get_commissioning_display() for row in product.product_tiers.all())
        ),
        "Wettelijk kader": "; ".join(
            f"{basis.framework.abbreviation or basis.framework.name} {basis.article}".strip()
            for basis in product.legal_bases.all()
        ),
        "Leeftijd vanaf (maanden)": "" if product.age_min_months is None else product.age_min_months,
        "Leeftijd tot en met (maanden)": "" if product.age_max_months is None else product.age_max_months,
        "Samenvatting": product.summary,
        "Financiering": product.get_financing_display(),
        "Prijs (euro)": csv_amount(product.price),
        "Prijs per": product.get_price_unit_display(),
        "Bron prijs": product.price_source,
        "Link": product_url(product, request),
    }
