from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Redactie"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from editorial.history import fill_relations
        from services.models import Product

        # Each product version carries its tiers, laws and uptake (see editorial.history).
        pre_create_historical_record.connect(
            fill_relations, sender=Product.history.model, dispatch_uid="editorial.history.fill_relations"
        )
