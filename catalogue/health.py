"""`/gezondheid`: the load balancer's question "can this process serve?", answered before anything else.

The middleware sits first, so the answer does not depend on the Host header (a load balancer probes by
address), on the HTTPS redirect, sessions or the CSP. It says 200 "ok" when the database answers a query
and the cache returns what was just put in it, and 503 otherwise; what failed goes to the log, never
into the response.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

PATH = "/gezondheid"
logger = logging.getLogger(__name__)


def problems() -> list[str]:
    """What does not answer (empty when all is well); the reasons are for the log only."""
    found = []
    for connection in connections.all(initialized_only=False):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as error:
            found.append(f"database {connection.alias}: {error.__class__.__name__}: {error}")
    key, token = "gezondheid", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=10)
        if cache.get(key) != token:
            found.append("cache: gave back something else than was just stored")
    except Exception as error:
        found.append(f"cache: {error.__class__.__name__}: {error}")
    return found


class HealthCheckMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.path != PATH:
            return self.get_response(request)
        found = problems()
        if found:
            logger.error("Gezondheidscontrole mislukt: %s", "; ".join(found))
            response = HttpResponse("niet beschikbaar\n", status=503, content_type="text/plain; charset=utf-8")
        else:
            response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
