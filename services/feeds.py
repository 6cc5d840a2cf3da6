"""Atom feeds of what changed in the published editions: per municipality, organisation and law.

The entries come from ``services.change_feeds``; the public cache stores the feeds like any page.
"""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed

from municipalities.models import Municipality
from services import change_feeds
from services.change_feeds import ChangeEntry
from services.models import LegalFramework, Organisation


class _ChangesFeed(Feed):
    feed_type = Atom1Feed
    description_template = "services/feeds/changes_entry.html"
    author_name = "Productencatalogus publieke gezondheid"
    language = "nl"

    def item_title(self, item: ChangeEntry) -> str:
        return f"{item.edition.organisation.short_name} {item.edition.year}: {item.summary}"

    def item_link(self, item: ChangeEntry) -> str:
        return reverse(
            "services:edition-changes",
            kwargs={"organisation": item.edition.organisation.slug, "year": item.edition.year},
        )

    def item_guid(self, item: ChangeEntry) -> str:
        # Unique within the feed (one entry per edition); the link alone is shared by the other feeds.
        return f"{self.item_link(item)}#{item.scope}"

    def item_updateddate(self, item: ChangeEntry) -> datetime:
        return item.updated

    def item_pubdate(self, item: ChangeEntry) -> datetime:
        return item.updated

    def get_feed(self, obj: object, request: HttpRequest) -> SyndicationFeed:
        feed = super().get_feed(obj, request)
        # item_guid above is a path: make it the absolute URI an Atom id must be.
        for item in feed.items:
            if item["unique_id"] and item["unique_id"].startswith("/"):
                item["unique_id"] = request.build_absolute_uri(item["unique_id"])
        return feed


class OrganisationChangesFeed(_ChangesFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Organisation:
        return get_object_or_404(Organisation, slug=slug)

    def title(self, obj: Organisation) -> str:
        return f"Wijzigingen in de catalogus van {obj.name}"

    def subtitle(self, obj: Organisation) -> str:
        return f"Nieuwe, vervallen en gewijzigde producten en afname per gemeente in elke gepubliceerde editie van {obj.short_name}."

    def link(self, obj: Organisation) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Organisation) -> str:
        return reverse("services:organisation-feed", kwargs={"slug": obj.slug})

    def items(self, obj: Organisation) -> list[ChangeEntry]:
        return change_feeds.organisation_changes(obj)


class LawChangesFeed(_ChangesFeed):
    def get_object(self, request: HttpRequest, slug: str) -> LegalFramework:
        return get_object_or_404(LegalFramework, slug=slug)

    def title(self, obj: LegalFramework) -> str:
        return f"Wijzigingen in producten op grond van de {obj.name}"

    def subtitle(self, obj: LegalFramework) -> str:
        return f"Nieuwe, vervallen en gewijzigde producten die op de {obj.name} rusten, per gepubliceerde editie."

    def link(self, obj: LegalFramework) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: LegalFramework) -> str:
        return reverse("services:law-feed", kwargs={"slug": obj.slug})

    def items(self, obj: LegalFramework) -> list[ChangeEntry]:
        return change_feeds.law_changes(obj)


class MunicipalityChangesFeed(_ChangesFeed):
    def get_object(self, request: HttpRequest, cbs_code: str) -> Municipality:
        try:
            return Municipality.objects.by_code(cbs_code).get()
        except Municipality.DoesNotExist:
            raise Http404("Er is geen gemeente met deze CBS-code.") from None

    def title(self, obj: Municipality) -> str:
        return f"Wijzigingen voor gemeente {obj.name}"

    def subtitle(self, obj: Municipality) -> str:
        return f"Wat er per gepubliceerde editie verandert in de producten die {obj.name} afneemt."

    def link(self, obj: Municipality) -> str:
        return obj.get_absolute_url()

    def feed_url(self, obj: Municipality) -> str:
        return reverse("municipalities:municipality-feed", kwargs={"cbs_code": obj.cbs_code})

    def items(self, obj: Municipality) -> list[ChangeEntry]:
        return change_feeds.municipality_changes(obj)
