"""HTTP helpers shared by the public pages' cache and the API."""

import hashlib


def body_etag(content: bytes) -> str:
    """A strong ETag from a response body: always right, whatever changed to produce it."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
