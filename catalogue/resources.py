"""Where templates/, static/, fixtures/ and locale/ are: beside the packages in a checkout, or where pip put them.

A checkout (or an editable install) has them at the top of the repository. `pip install .` installs them
as data files under <prefix>/share/productencatalogus/ (see setup.py); the installed distribution's file
list says where that prefix is, whichever scheme (virtualenv, --user, a container's /opt/venv) was used.
"""

import importlib.metadata
from pathlib import Path

DISTRIBUTION = "productencatalogus"
DATA_PREFIX = "share/productencatalogus"
MARKER = "templates/base.html"


def resources_dir(checkout: Path) -> Path | None:
    """The folder holding templates/, static/, fixtures/ and locale/, or None when neither place has them."""
    if (checkout / MARKER).is_file():
        return checkout
    try:
        distribution = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in distribution.files or ():
        if file.as_posix().endswith(f"{DATA_PREFIX}/{MARKER}"):
            return Path(str(distribution.locate_file(file))).resolve().parents[1]
    return None
