"""Representation: Dutch camelCase field names named in the serializers, and HAL-style _links with absolute hrefs."""

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import get_script_prefix, reverse
from rest_framework import serializers
from rest_framework.request import Request

LINK_SCHEMA = {"$ref": "#/components/schemas/Link"}


class RenamingModelSerializer(serializers.ModelSerializer):
    # A ModelSerializer whose fields carry their Dutch camelCase API names. ``Meta.fields`` lists model
    # field names (so verbose names and help texts still feed the OpenAPI descriptions); ``Meta.names``
    # maps them to the names in the JSON. (A comment, not a docstring: drf-spectacular would publish it.)

    def get_fields(self) -> dict[str, serializers.Field]:
        names: Mapping[str, str] = getattr(self.Meta, "names", {})
        fields = {}
        for name, field in super().get_fields().items():
            api_name = names.get(name, name)
            if api_name != name and field.source is None:
                field.source = name
            if not field.help_text and field.label:
                field.help_text = field.label
            if not field.read_only:
                # Output only: every field is always present in an answer.
                field.required = True
            if isinstance(field, serializers.IntegerField):
                # The bounds Django derives from the column type differ between SQLite and PostgreSQL;
                # leave them out so the OpenAPI document does not depend on the database.
                field.min_value = field.max_value = None
                field.validators = [
                    v for v in field.validators if not isinstance(v, (MinValueValidator, MaxValueValidator))
                ]
            fields[api_name] = field
        return fields


@lru_cache(maxsize=8192)
def _api_path(viewname: str, script_prefix: str, kwargs: tuple[tuple[str, Any], ...]) -> str:
    # A list page has some ten links per row, mostly to the same organisation, units, tiers and laws:
    # resolving each once keeps the links from costing more than the rest of the row.
    return reverse(f"api:{viewname}", kwargs=dict(kwargs))


def absolute_url(request: Request | None, viewname: str, *, query: Mapping[str, Any] | None = None, **kwargs) -> str:
    path = _api_path(viewname, get_script_prefix(), tuple(kwargs.items()))
    if query:
        path = f"{path}?{urlencode(query)}"
    if request is None:
        return path
    base = getattr(request, "_absolute_base", None)
    if base is None:
        base = request.build_absolute_uri("/").rstrip("/")
        request._absolute_base = base  # type: ignore[attr-defined]  # a memo of our own on this request
    return base + path


class LinksField(serializers.Field):
    """HAL ``_links``: name -> ``{"href": url}``, built by the given callables (obj, request) -> url or None."""

    def __init__(
        self,
        links: Mapping[str, Callable[[Any, Request | None], str | None]],
        *,
        optional: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Links naar deze resource en verwante resources (HAL).")
        kwargs.setdefault("label", "Links")
        super().__init__(**kwargs)
        self.links = links
        self._spectacular_annotation = {
            "field": {
                "type": "object",
                "properties": dict.fromkeys(links, LINK_SCHEMA),
                "required": [name for name in links if name not in set(optional)],
            }
        }

    def to_representation(self, obj: Any) -> dict[str, dict[str, str]]:
        request = self.context.get("request")
        result = {}
        for name, build in self.links.items():
            href = build(obj, request)
            if href is not None:
                result[name] = {"href": href}
        return result
