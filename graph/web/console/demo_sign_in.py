"""The demo's sign-in: an officer picks an agency (and ward or sector) instead of an identity
provider. Mounted only when `lienthong demo` serves (ConsoleSettings.demo_sign_in, which no setting
sets), so a production server has no such route at all.

A sign-in is a state change too: the form is accepted only when the browser says it was sent
from this origin (`Sec-Fetch-Site: same-origin`), so another site cannot sign an officer in as
someone else.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from graph.access.auth import Unauthenticated
from graph.access.policy import ScopeError
from graph.web.console.pages import sign_in_failed
from graph.web.console.session_audit import signed_in
from graph.web.sessions import sign_in

FORM_BYTES = 2048


async def demo_sign_in(request: Request) -> Response:
    if request.headers.get("sec-fetch-site") != "same-origin":
        return sign_in_failed("Chỉ đăng nhập được từ trang của Liên thông.", 403)
    service = request.app.state.service
    form = await small_form(request)
    if form is None:
        return sign_in_failed("Biểu mẫu đăng nhập không hợp lệ.")
    fields = {name: form.get(name, "").strip() for name in ("agency", "role", "ward", "sector")}
    policy = service.policies.agencies.get(fields["agency"])
    if policy is None:
        return sign_in_failed("Hãy chọn một cơ quan trong danh sách.")
    role = fields["role"] or "officer"
    claims = {"sub": f"demo:{policy.agency}-{role}", "agency": policy.agency, "role": role}
    if policy.scope in ("ward", "sector") and fields[policy.scope]:
        claims[policy.scope] = fields[policy.scope]
    try:
        viewer = sign_in(request, claims, service.settings.console.session_seconds, "demo")
        service.policies.check_scope(viewer)
    except (Unauthenticated, ScopeError) as refusal:
        request.session.clear()
        return sign_in_failed(f"Không đăng nhập được: {refusal}.")
    return await signed_in(request)


async def small_form(request: Request) -> dict[str, str] | None:
    """The URL-encoded form, or None if it is not one or longer than a sign-in form can be."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_BYTES:
            return None
    try:
        return dict(parse_qsl(body.decode("utf-8")))
    except UnicodeDecodeError:
        return None


def demo_routes() -> list[BaseRoute]:
    return [Route("/console/sign-in/demo", demo_sign_in, methods=["POST"])]
