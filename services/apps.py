from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Catalogus"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from services import published, versioning
        from services.search_terms import register_sqlite_unaccent

        connection_created.connect(register_sqlite_unaccent, dispatch_uid="services.search_terms.unaccent")
        versioning.connect()
        published.connect()
