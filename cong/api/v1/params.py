"""Parameter types shared by the endpoints: bounded so no input can reach the database as
something it rejects (ids past int4, NUL bytes, years outside the calendar)."""

from datetime import datetime
from typing import Annotated

from django.utils import timezone
from pydantic import Field

from cong.api.v1.pagination import MAX_LIMIT
from cong.api.v1.problems import ApiProblem

PageId = Annotated[int, Field(ge=1, le=2_147_483_647)]
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9._-]+$")]
Slug = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9_-]+$")]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[A-Za-z0-9_=-]+$")]
Level = Annotated[int, Field(ge=0, le=10)]


def aware(value: datetime | None, name: str, where: str = "query") -> datetime | None:
    """A query datetime made timezone-aware (Vietnam time when none is given)."""
    if value is None:
        return None
    if not 1900 <= value.year <= 9998:
        raise ApiProblem(
            422,
            "Dates must fall between 1900 and 9998.",
            slug="validation",
            errors=[{"loc": [where, name], "msg": "out of range", "type": "value_error"}],
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
