from django.apps import AppConfig


class ImporterConfig(AppConfig):
    """The product-book importer: parsers, the import itself and the fixtures. No models; never imported by
    the web process (only its management commands use it)."""

    name = "importer"
    verbose_name = "Import van productenboeken"
