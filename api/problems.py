"""x"""

from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

API_VERSION: str = settings.SPECTACULAR_SETTINGS["VERSION"]
API_PREFIX = "/api/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem(status: int, detail: str, *, instance: str = "", invalid_params: list[dict] | None = None) -> dict:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": PROBLEM_TITLES.get(status, HTTPStatus(status).phrase),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


PROBLEM_TITLES = {
    400: "Ongeldige aanvraag",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    500: "Interne fout",
}


def _invalid_params(detail: Any) -> list[dict]:
    """DRF's ValidationError detail ({name: [ErrorDetail, ...]}) as ADR ``invalidParams``."""
    params = []
    if isinstance(detail, Mapping):
        for name, errors in detail.items():
            for error in errors if isinstance(errors, list) else [errors]:
                params.append({"name": str(name), "code": getattr(error, "code", "invalid"), "reason": str(error)})
    return params


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler, answering in problem+json with a useful ``detail``."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    if isinstance(exc, exceptions.ValidationError):
        params = _invalid_params(exc.detail)
        names = ", ".join(dict.fromkeys(param["name"] for param in params))
        detail = f"Ongeldige waarde voor: {names}." if names else "Ongeldige aanvraag."
        if params and all(param["code"] == "unknown" for param in params):
            detail = f"Onbekende queryparameter: {names}."
        body = problem(response.status_code, detail, instance=instance, invalid_params=params)
    elif isinstance(exc, exceptions.NotAcceptable) and context.get("view") is not None:
        types = ", ".join(renderer.media_type for renderer in context["view"].renderer_classes)
        body = problem(
            406, f"Het gevraagde formaat (Accept) is niet beschikbaar; kies uit: {types}.", instance=instance
        )
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = problem(response.status_code, str(detail), instance=instance)
    response.data = body
    response.content_type = PROBLEM_MEDIA_TYPE
    return response


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


def problem_response(request: HttpRequest, status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        problem(status, detail, instance=request.get_full_path()),
        status=status,
        content_type=PROBLEM_MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


class ApiMiddleware:
    """``API-Version`` on every API response; errors outside DRF's views (resolver 404, 500) as problem+json."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        content_type = response.get("Content-Type", "")
        debug_page = settings.DEBUG and response.status_code >= 500  # keep Django's traceback page locally
        if response.status_code >= 400 and not content_type.startswith(PROBLEM_MEDIA_TYPE) and not debug_page:
            response = problem_response(request, response.status_code, self._detail(request, response.status_code))
        response["API-Version"] = API_VERSION
        return response

    @staticmethod
    def _detail(request: HttpRequest, status: int) -> str:
        if status == 404:
            if request.path.endswith("/") and request.path.rstrip("/") != API_PREFIX.rstrip("/"):
                return f"Paden in deze API eindigen niet op '/': probeer {request.path.rstrip('/')}."
            return f"Het pad {request.path} bestaat niet in deze API; zie /api/v1/docs voor de beschikbare paden."
        if status >= 500:
            return "Er ging aan onze kant iets mis. Probeer het later opnieuw."
        return HTTPStatus(status).phrase
