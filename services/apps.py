from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Catalogus"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from simple_history.signals import pre_create_historical_record

        from services.history import fill_relations
        from services.models import Product
        from services.search_terms import register_sqlite_unaccent

        # Each product version carries its tiers, laws and uptake (see services.history).
        pre_create_historical_record.connect(
            fill_relations, sender=Product.history.model, dispatch_uid="services.history.fill_relations"
        )
        connection_created.connect(register_sqlite_unaccent, dispatch_uid="services.search_terms.unaccent")
