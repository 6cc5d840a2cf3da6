"""The OpenAPI document (drf-spectacular): the schema class, path parameters and the post-processing hook."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from api.problems import API_VERSION, PROBLEM_MEDIA_TYPE


class CatalogueAutoSchema(AutoSchema):
    """drf-spectacular's schema with Dutch names for paged lists ("ProductPagina", not "PaginatedProductList")."""

    def get_paginated_name(self, serializer_name: str) -> str:
        return f"{serializer_name}Pagina"


def path_parameter(name: str, description: str, type_: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.PATH, description=description)


def path_parameters(*parameters: OpenApiParameter) -> Callable[[type], type]:
    """Describe the natural-key path parameters of a viewset's item route."""
    return extend_schema_view(retrieve=extend_schema(parameters=list(parameters)))


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Foutmelding volgens RFC 9457 (application/problem+json).",
    "required": ["title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "URI van het soort fout; 'about:blank' als er geen is."},
        "title": {"type": "string", "description": "Korte omschrijving van het soort fout."},
        "status": {"type": "integer", "description": "De HTTP-statuscode."},
        "detail": {"type": "string", "description": "Wat er mis is met deze aanvraag."},
        "instance": {"type": "string", "description": "Het pad en de query van de aanvraag."},
        "invalidParams": {
            "type": "array",
            "description": "De ongeldige parameters, elk met de reden.",
            "items": {
                "type": "object",
                "required": ["name", "code", "reason"],
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}

ERROR_RESPONSES = {
    "400": "Ongeldige queryparameter of onbekende parameter.",
    "404": "De resource of pagina bestaat niet.",
    "405": "Deze API is alleen-lezen: GET, HEAD en OPTIONS.",
    "406": "Het gevraagde formaat (Accept) is niet beschikbaar.",
}


def postprocess_schema(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Add what the ADR asks every operation to document: API-Version, problem+json errors, the Link type."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Link"] = {
        "type": "object",
        "required": ["href"],
        "properties": {"href": {"type": "string", "format": "uri", "description": "Absolute URL."}},
    }
    schemas["Problem"] = PROBLEM_SCHEMA
    headers = result["components"].setdefault("headers", {})
    headers["API-Version"] = {
        "description": "De volledige versie van de API (semver).",
        "required": True,
        "schema": {"type": "string", "example": API_VERSION},
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    },
                )
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
    return result
