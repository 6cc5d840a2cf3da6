"""The client's address behind reverse proxies, for the login lockout (django-axes)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The connection's address; behind ``TRUSTED_PROXY_COUNT`` proxies, the address the outermost one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For (nginx's
    ``$proxy_add_x_forwarded_for``, HAProxy's ``option forwardfor``), so the client is that many entries
    from the right. Entries further left come from the client itself and may be forged: they are never
    used. With no proxies configured the header is ignored altogether.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
