"""The current request's id, for every log record written while it is served."""

import logging
import re
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("cong_request_id", default="-")
REQUEST_ID_HEADER = "X-Request-ID"
# An id given by the proxy is kept when it looks like one (no spaces, no control characters).
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def new_request_id(given: str | None) -> str:
    if given and _GIVEN_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (settings.LOGGING puts it on the handlers)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True
