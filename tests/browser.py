"""Debian's Chromium for the browser journeys (driven by Playwright, which never downloads a browser).

The ``browser`` fixture (tests/conftest.py) launches it once per module.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
