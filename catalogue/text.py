"""Render the catalogue's plain-text section convention (see importer.parsers.base) as HTML.

The text is escaped first: whatever an editor or a source book contains, only the structure this
module builds (paragraphs and lists) reaches the page or the PDF.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def render_text(text: str) -> SafeString:
    html: list[str] = []
    depth = 0  # open <ul> levels

    def close_lists(to: int) -> None:
        nonlocal depth
        while depth > to:
            html.append("</li></ul>")
            depth -= 1

    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        paragraph: list[str] = []
        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith("- "):
                if paragraph:
                    close_lists(0)
                    html.append(f"<p>{escape(' '.join(paragraph))}</p>")
                    paragraph = []
                level = 2 if line.startswith("  ") else 1
                if level > depth:
                    while depth < level:
                        html.append("<ul><li>")
                        depth += 1
                else:
                    close_lists(level)
                    html.append("</li><li>")
                html.append(escape(stripped[2:].strip()))
            elif depth:
                html.append(" " + escape(stripped))
            else:
                paragraph.append(stripped)
        if paragraph:
            html.append(f"<p>{escape(' '.join(paragraph))}</p>")
        close_lists(0)
    return mark_safe("".join(html))


def format_age(months: int | None) -> str:
    """A human age: -9 -> '9 maanden voor de geboorte', 18 -> '1,5 jaar', 216 -> '18 jaar'."""
    if months is None:
        return ""
    if months < 0:
        return f"{-months} maanden voor de geboorte"
    if months == 0:
        return "geboorte"
    if months < 24 and months % 12:
        return f"{months} maanden" if months != 1 else "1 maand"
    years, rest = divmod(months, 12)
    if rest == 0:
        return f"{years} jaar"
    if rest == 6:
        return f"{years},5 jaar"
    return f"{years} jaar en {rest} maanden"


def format_age_range(age_min: int | None, age_max: int | None) -> str:
    if age_min is None and age_max is None:
        return ""
    if age_max is None:
        return f"vanaf {format_age(age_min)}"
    if age_min is None:
        return f"tot en met {format_age(age_max)}"
    return f"{format_age(age_min)} tot en met {format_age(age_max)}"


def normalise_text(text: str | None) -> str | None:
    """A stored text as the catalogue keeps it: LF line endings, no trailing spaces, no blank lines at the end.

    Browsers post CRLF; without this an unedited section would differ from the stored one and show
    as changed in the version diff and on the public changes page. Leading spaces stay (sub-bullets).
    """
    if text is None:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")
