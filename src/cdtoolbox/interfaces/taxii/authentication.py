"""Who is asking: HTTP Basic (TAXII's suggested scheme) or a bearer token, on every request.

Credentials are parsed and checked exactly as for the REST API (``interfaces.http.authentication``),
so failed passwords count towards the same sign-in brake; a request without valid ones is
answered 401 with the ``WWW-Authenticate`` challenges (see ``errors``). ``Token`` is read as a
synonym of ``Bearer``: it is what taxii2-client's ``TokenAuth`` sends.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from cdtoolbox.errors import NotAuthenticated
from cdtoolbox.interfaces.http.authentication import read_authorization, user_from_credentials
from cdtoolbox.model.access import User

__all__ = ["UserDep", "authenticated_user"]


def authenticated_user(request: Request) -> User:
    header = request.headers.get("authorization")
    if not header:
        raise NotAuthenticated("this TAXII server needs a username and password, or a token")
    return user_from_credentials(request, read_authorization(header))


UserDep = Annotated[User, Depends(authenticated_user)]
