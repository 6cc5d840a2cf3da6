"""The top-level templates/, static/, fixtures/ and locale/ as data files of the installed package.

They are installed under <prefix>/share/productencatalogus/ (catalogue.resources finds them there);
everything else is declared in pyproject.toml. Walking the folders here means a new template folder
cannot be left out of the package.
"""

from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
DATA_PREFIX = "share/productencatalogus"


def data_files() -> list[tuple[str, list[str]]]:
    folders: dict[str, list[str]] = {}
    for top in ("templates", "static", "fixtures", "locale"):
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and path.name != ".gitkeep":
                relative = path.relative_to(ROOT)
                folders.setdefault(f"{DATA_PREFIX}/{relative.parent.as_posix()}", []).append(relative.as_posix())
    return sorted(folders.items())


setup(data_files=data_files())
