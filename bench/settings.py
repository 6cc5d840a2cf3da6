"""Settings for the benchmark only: the production settings plus a URLconf with a plain baseline view."""

from catalogue.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
