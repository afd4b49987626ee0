"""The console's sessions: signing in over OpenID Connect against a real provider (tests/oidc_provider.py),
the demo's picker, the cookie, CSRF on every state change, downloads by link, sign-out, expiry."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from console_clients import console_client, pick
from oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from serving import settings_for
from starlette.testclient import TestClient

from graph.access.audit import AuditLog
from graph.cli import audit_report
from graph.web.settings import OidcSettings

QUERY = "{ workers(first: 5) { nodes { fullName } } }"
CALLBACK = "http://testserver/console/sign-in/oidc/callback"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        running.client.redirect_uris = [CALLBACK]
        yield running


def oidc(provider: Provider) -> OidcSettings:
    discovery = f"{provider.issuer}/.well-known/openid-configuration"
    return OidcSettings(discovery, CLIENT_ID, CLIENT_SECRET, "openid profile", 5.0)


def sign_in_with_provider(client: TestClient, provider: Provider, **user: str) -> httpx.Response:
    """As a browser does: to the provider, which approves at once, and back with the code."""
    provider.user = {"sub": "officer-17", "role": "officer", **user}
    start = client.get("/console/sign-in/oidc", follow_redirects=False)
    assert start.status_code == 302, start.text
    authorize = start.headers["location"]
    asked = parse_qs(urlsplit(authorize).query)
    assert asked["code_challenge_method"] == ["S256"] and asked["code_challenge"][0]
    assert asked["nonce"][0] and asked["state"][0] and asked["scope"] == ["openid profile"]
    approved = httpx.get(authorize, follow_redirects=False, timeout=10)
    assert approved.status_code == 302, approved.text
    back = approved.headers["location"]
    assert back.startswith(CALLBACK)
    return client.get(back.removeprefix("http://testserver"), follow_redirects=False)


def test_an_officer_signs_in_with_the_identity_provider_and_queries_with_the_session(folder, provider):
    with console_client(folder, oidc=oidc(provider)) as client:
        assert client.get("/console/session").json() == {"signedIn": False, "signIn": {"oidc": True}}
        done = sign_in_with_provider(client, provider, agency="noi_vu")
        assert done.status_code == 303 and done.headers["location"] == "/"
        state = client.get("/console/session").json()
        assert state["signedIn"] is True and state["via"] == "oidc"
        assert state["viewer"] == {"sub": "officer-17", "agency": "noi_vu", "role": "officer"}
        csrf = state["csrf"]
        assert len(csrf) >= 40

        served = client.post("/graphql", json={"query": QUERY}, headers={"X-CSRF-Token": csrf})
        assert served.status_code == 200
        assert served.json()["data"]["workers"]["nodes"], served.json()
        assert served.headers["vary"] == "Accept, Authorization, Cookie, X-Purpose"  # no cache shares it


def test_a_cookie_alone_never_authorises_a_request(folder, provider):
    with console_client(folder, oidc=oidc(provider)) as client:
        sign_in_with_provider(client, provider, agency="noi_vu")
        for headers in ({}, {"X-CSRF-Token": "guessed"}, {"X-CSRF-Token": ""}):
            refused = client.post("/graphql", json={"query": QUERY}, headers=headers)
            assert refused.status_code == 401
            error = refused.json()["errors"][0]
            assert error["extensions"]["code"] == "UNAUTHENTICATED"
            assert "X-CSRF-Token" in error["message"]
            assert "data" not in refused.json()


def test_a_download_by_link_needs_the_console_as_its_origin(folder, provider):
    with console_client(folder, oidc=oidc(provider)) as client:
        sign_in_with_provider(client, provider, agency="cong_an")
        url = "/exchange/noi_vu/2026-10.csv"
        for site in ("cross-site", "same-site", None):
            headers = {"Sec-Fetch-Site": site} if site else {}
            refused = client.get(url, headers=headers)
            assert refused.status_code == 401, (site, refused.text)
            assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        for site in ("same-origin", "none"):
            served = client.get(url, headers={"Sec-Fetch-Site": site})
            assert served.status_code == 200, served.text
            assert served.headers["content-disposition"] == 'attachment; filename="noi_vu_2026-10.csv"'


def test_signing_out_needs_the_csrf_token_and_ends_the_session(folder, provider):
    with console_client(folder, oidc=oidc(provider)) as client:
        sign_in_with_provider(client, provider, agency="noi_vu")
        csrf = client.get("/console/session").json()["csrf"]
        assert client.post("/console/sign-out").status_code == 403
        assert client.get("/console/session").json()["signedIn"] is True
        assert client.post("/console/sign-out", headers={"X-CSRF-Token": csrf}).json() == {"signedIn": False}
        assert client.get("/console/session").json()["signedIn"] is False
        after = client.post("/graphql", json={"query": QUERY}, headers={"X-CSRF-Token": csrf})
        assert after.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_session_ends_after_its_lifetime_however_active(folder, provider):
    with console_client(folder, oidc=oidc(provider), session_seconds=2) as client:
        sign_in_with_provider(client, provider, agency="noi_vu")
        csrf = client.get("/console/session").json()["csrf"]
        served = client.post("/graphql", json={"query": QUERY}, headers={"X-CSRF-Token": csrf})
        assert "data" in served.json()
        time.sleep(2.5)
        ended = client.post("/graphql", json={"query": QUERY}, headers={"X-CSRF-Token": csrf})
        assert ended.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert client.get("/console/session").json()["signedIn"] is False


def test_claims_the_policy_refuses_sign_nobody_in(folder, provider):
    with console_client(folder, oidc=oidc(provider)) as client:
        refused = sign_in_with_provider(client, provider, agency="ubnd_xa", ward="Phường Không Có")
        assert refused.status_code == 403
        assert "Tài khoản không dùng được cho Liên thông" in refused.text
        assert client.get("/console/session").json()["signedIn"] is False
        no_agency = sign_in_with_provider(client, provider)
        assert no_agency.status_code == 403
        assert client.get("/console/session").json()["signedIn"] is False


def test_a_forged_callback_signs_nobody_in(folder, provider):
    with console_client(folder, oidc=oidc(provider)) as client:
        forged = client.get(
            "/console/sign-in/oidc/callback?code=stolen&state=made-up", follow_redirects=False
        )
        assert forged.status_code == 400
        assert "Hệ thống xác thực từ chối" in forged.text
        assert client.get("/console/session").json()["signedIn"] is False


def test_the_session_cookie_is_httponly_samesite_and_secure_when_configured(folder, provider):
    with console_client(folder, oidc=oidc(provider), secure_cookies=True) as client:
        start = client.get("/console/sign-in/oidc", follow_redirects=False)
        cookie = start.headers["set-cookie"]
        assert cookie.startswith("lienthong_session=")
        assert (
            "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "secure" in cookie.lower()
        )


def test_production_offers_no_demo_picker(folder):
    with console_client(folder) as client:
        assert client.get("/console/session").json() == {"signedIn": False, "signIn": {"oidc": False}}
        form = {"agency": "noi_vu"}
        picked = client.post("/console/sign-in/demo", data=form, headers={"Sec-Fetch-Site": "same-origin"})
        assert picked.status_code in (404, 405)
        assert client.get("/console/session").json()["signedIn"] is False


def test_the_demo_picker_signs_in_only_from_the_console_itself(folder):
    with console_client(folder, demo_sign_in=True) as client:
        ways = client.get("/console/session").json()["signIn"]
        wards = next(a for a in ways["demo"] if a["agency"] == "ubnd_xa")
        assert wards["scope"] == "ward" and "Phường Láng" in wards["values"]
        form = {"agency": "ubnd_xa", "ward": "Phường Láng"}
        cross = client.post("/console/sign-in/demo", data=form, headers={"Sec-Fetch-Site": "cross-site"})
        assert cross.status_code == 403
        assert client.get("/console/session").json()["signedIn"] is False
        picked = client.post(
            "/console/sign-in/demo",
            data=form,
            headers={"Sec-Fetch-Site": "same-origin"},
            follow_redirects=False,
        )
        assert picked.status_code == 303
        viewer = client.get("/console/session").json()["viewer"]
        assert viewer == {
            "sub": "demo:ubnd_xa-officer",
            "agency": "ubnd_xa",
            "role": "officer",
            "ward": "Phường Láng",
        }


def test_the_console_page_is_served_with_strict_security_headers(folder):
    with console_client(folder) as client:
        page = client.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert page.headers["x-frame-options"] == "DENY"
        assert '<html lang="vi">' in page.text
        script = client.get("/console/static/console.js")
        assert (
            script.status_code == 200
            and "frame-ancestors 'none'" in script.headers["content-security-policy"]
        )


def test_only_lienthong_demo_offers_the_picker_and_plain_http_cookies(embedded_demo, monkeypatch):
    from graph.cli import main, serve
    from graph.web.settings import load_settings

    served = []
    monkeypatch.setattr(serve, "start", lambda settings, args: served.append(settings) or 0)
    assert main(["demo", "--data", str(embedded_demo.parent)]) == 0
    assert served[0].console.demo_sign_in is True
    assert served[0].console.secure_cookies is False

    monkeypatch.setenv("LIENTHONG_CONSOLE_DEMO_SIGN_IN", "true")  # no setting can turn it on
    production = load_settings(None, embedded_demo)
    assert production.console.demo_sign_in is False
    assert production.console.secure_cookies is True


def test_the_identity_provider_settings_are_checked(embedded_demo, tmp_path, monkeypatch):
    from graph.web.settings import SettingsError, load_settings

    config = tmp_path / "lienthong.yaml"
    config.write_text(
        "console: {oidc_discovery_url: 'https://id.example/realms/hn/.well-known/openid-configuration'}\n"
    )
    with pytest.raises(SettingsError, match="set both oidc_discovery_url and oidc_client_id, or neither"):
        load_settings(config, embedded_demo)
    config.write_text("console: {oidc_client_id: console, oidc_client_secret: x}\n")
    with pytest.raises(
        SettingsError, match=re.escape("console.oidc_client_secret: set LIENTHONG_CONSOLE_OIDC_CLIENT_SECRET")
    ):
        load_settings(config, embedded_demo)
    config.write_text(
        "console: {oidc_client_id: console, oidc_discovery_url: 'https://id.example/.well-known/openid-configuration'}\n"
    )
    monkeypatch.setenv("LIENTHONG_CONSOLE_OIDC_CLIENT_SECRET", "0123")  # as written, not the number 123
    monkeypatch.setenv("LIENTHONG_CONSOLE_SESSION_SECONDS", "3600")
    settings = load_settings(config, embedded_demo).console
    assert settings.oidc == OidcSettings(
        "https://id.example/.well-known/openid-configuration", "console", "0123", "openid", 10.0
    )
    assert settings.session_seconds == 3600


def session_records(folder: Path) -> list[dict]:
    """The audit trail's sign-in and sign-out records, read back from the store."""
    trail = AuditLog.open(settings_for(folder / "sources.yaml"))
    return [record for _, _, record in trail.rows() if "session" in record]


def test_signing_in_and_out_is_in_the_audit_trail_without_token_or_cookie(folder, provider, capsys):
    with console_client(folder, oidc=oidc(provider), demo_sign_in=True) as client:
        sign_in_with_provider(client, provider, agency="ubnd_xa", ward="Phường Láng")
        csrf = client.get("/console/session").json()["csrf"]
        cookie = client.cookies["lienthong_session"]
        out = client.post("/console/sign-out", headers={"X-CSRF-Token": csrf})
        assert out.json() == {"signedIn": False}, out.text
        picked = pick(client, "noi_vu")
        assert picked.status_code == 303
    records = session_records(folder)
    assert [(r["session"], r["sub"], r["agency"], r["role"], r["scope"]) for r in records] == [
        ({"event": "sign-in", "via": "oidc"}, "officer-17", "ubnd_xa", "officer", {"ward": "Phường Láng"}),
        ({"event": "sign-out", "via": "oidc"}, "officer-17", "ubnd_xa", "officer", {"ward": "Phường Láng"}),
        ({"event": "sign-in", "via": "demo"}, "demo:noi_vu-officer", "noi_vu", "officer", {}),
    ]
    assert all(re.fullmatch(r"2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", r["at"]) for r in records)
    trail = str(records)
    assert csrf not in trail and cookie not in trail and "id_token" not in trail

    settings = settings_for(folder / "sources.yaml")
    assert audit_report.verify(settings) == 0
    assert capsys.readouterr().out.endswith("records checked: intact\n")
    audit_report.show(settings, "ubnd_xa", None, None)
    shown = capsys.readouterr().out
    assert "officer-17 (ubnd_xa/officer {'ward': 'Phường Láng'})" in shown
    assert "    sign-in via oidc\n" in shown and "    sign-out via oidc\n" in shown


def test_no_session_without_its_sign_in_record(folder, provider, monkeypatch):
    monkeypatch.setenv("LIENTHONG_AUDIT_CHECKPOINTS", f"{folder}/missing-dir/audit.checkpoints")
    with console_client(folder, oidc=oidc(provider), demo_sign_in=True) as client:
        refused = sign_in_with_provider(client, provider, agency="noi_vu")
        assert refused.status_code == 503
        assert "Không ghi được nhật ký truy cập nên chưa thể đăng nhập" in refused.text
        assert client.get("/console/session").json()["signedIn"] is False
        picked = pick(client, "noi_vu")
        assert picked.status_code == 503
        assert client.get("/console/session").json()["signedIn"] is False
