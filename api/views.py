"""The base of every API view: read-only, unknown query parameters refused with a 400 naming them, conditional answers; and the API root."""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from api.conditional import conditional
from api.links import LINK_SCHEMA, absolute_url
from api.problems import PROBLEM_MEDIA_TYPE, ProblemJSONRenderer

if TYPE_CHECKING:
    # The mixin is only ever combined with an APIView; the type checker needs to know its super().
    _ApiViewBase = APIView
else:
    _ApiViewBase = object


class ApiViewMixin(_ApiViewBase):
    """Public and read-only; errors as problem+json, 200s with ETag and answered 304 when unchanged."""

    authentication_classes: Sequence[type[BaseAuthentication]] = ()
    permission_classes = (AllowAny,)
    parser_classes: Sequence[type[BaseParser]] = ()
    renderer_classes: Sequence[type[BaseRenderer]] = (JSONRenderer,)

    def last_modified(self) -> float | None:
        """Timestamp of the newest data in this answer, when the data knows it."""
        return None

    def finalize_response(self, request: Request, response: Any, *args, **kwargs) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = ProblemJSONRenderer()
            response.accepted_media_type = PROBLEM_MEDIA_TYPE
            response.content_type = PROBLEM_MEDIA_TYPE
            return response
        if response.status_code == 200:
            last_modified = self.last_modified() if request.method in ("GET", "HEAD") else None
            return conditional(request, response, last_modified=last_modified)
        return response


class CatalogueViewSet(ApiViewMixin, ReadOnlyModelViewSet):
    """Read-only viewset over a catalogue model: strict query parameters, items by natural key."""

    #: query parameters a request may carry besides the FilterSet's, per action
    extra_query_params: Mapping[str, frozenset[str]] = {"list": frozenset({"page", "pageSize", "format"})}

    def allowed_query_params(self) -> frozenset[str]:
        allowed = set(self.extra_query_params.get(self.action, frozenset({"format"})))
        allowed.add("format")
        filterset_class = getattr(self, "filterset_class", None)
        if self.action == "list" and filterset_class is not None:
            allowed.update(filterset_class.base_filters)
        return frozenset(allowed)

    def initial(self, request: Request, *args, **kwargs) -> None:
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            allowed = ", ".join(sorted(self.allowed_query_params()))
            raise exceptions.ValidationError(
                {
                    name: [exceptions.ErrorDetail(f"Onbekende parameter; toegestaan zijn: {allowed}.", code="unknown")]
                    for name in unknown
                }
            )
        formats = {renderer.format for renderer in self.renderer_classes}
        requested = request.query_params.get("format")
        if requested is not None and requested not in formats:
            raise exceptions.ValidationError(
                {"format": [f"Onbekend formaat '{requested[:20]}'; kies uit: {', '.join(sorted(formats))}."]}
            )
        super().initial(request, *args, **kwargs)

    #: URL keyword -> queryset lookup identifying one item by its natural key
    detail_lookups: Mapping[str, str] = {}

    def get_object(self) -> Any:
        lookups = {field: self.kwargs[kwarg] for kwarg, field in self.detail_lookups.items()}
        queryset = self.get_queryset()
        obj = queryset.filter(**lookups).first()
        if obj is None:
            key = "/".join(str(self.kwargs[kwarg]) for kwarg in self.detail_lookups)
            raise exceptions.NotFound(f"Er is geen {queryset.model._meta.verbose_name} '{key}'.")
        return obj


class ApiRootView(ApiViewMixin, APIView):
    """Het beginpunt van de API: links naar alle collecties en naar de documentatie."""

    collections = (
        "organisaties:organisation-list",
        "eenheden:unit-list",
        "schillen:tier-list",
        "wetten:law-list",
        "edities:edition-list",
        "begrippen:glossary-term-list",
        "producten:product-list",
        "gemeenten:municipality-list",
        "regios:region-list",
        "openapi:openapi-json",
        "documentatie:docs",
    )

    @extend_schema(
        operation_id="api_root",
        responses={
            200: {
                "type": "object",
                "required": ["_links"],
                "properties": {
                    "_links": {
                        "type": "object",
                        "properties": {item.split(":")[0]: LINK_SCHEMA for item in collections},
                    }
                },
            }
        },
    )
    def get(self, request: Request) -> Response:
        if request.query_params:
            raise exceptions.ValidationError(
                {
                    name: [exceptions.ErrorDetail("Onbekende parameter.", code="unknown")]
                    for name in request.query_params
                }
            )
        links = {}
        for item in self.collections:
            name, viewname = item.split(":")
            links[name] = {"href": absolute_url(request, viewname)}
        return Response({"_links": links})


class ApiRootAliasView(ApiRootView):
    """The API root without the slash that the server URL ``/api/v1`` plus the documented path ``/`` gives.

    Left out of the OpenAPI document, which names the root once.
    """

    schema = None
