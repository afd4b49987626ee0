"""Every request needs a verified token; every bad kind of token is refused with 401."""

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey
from serving import serving

from demo.keys import AUDIENCE, ISSUER, KEY_ID, demo_token, ensure_demo_keys, key_paths
from graph.cli import main

QUERY = '{ worker(passportNumber: "M1234567") { fullName } }'


@pytest.fixture
def client(folder: Path):
    with serving(folder / "sources.yaml") as client:
        yield client


def demo_key(folder: Path) -> RSAKey:
    return RSAKey.import_key(json.loads(key_paths(folder)[0].read_text()))


def claims(**changes) -> dict:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "u1",
        "iat": now,
        "exp": now + 600,
        "agency": "noi_vu",
        "role": "officer",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def ask(client, token: str | None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = client.post("/graphql", json={"query": QUERY}, headers=headers)
    return response.status_code, response.json()


def assert_refused(client, token: str | None) -> str:
    status, body = ask(client, token)
    assert status == 401
    assert "data" not in body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    return error["message"]


def test_a_good_token_is_served(client, folder):
    status, body = ask(client, demo_token(folder, "noi_vu"))
    assert status == 200
    assert body["data"]["worker"]["fullName"] == "KIM JI-HOON"


def test_no_token_is_refused_and_says_how(client):
    assert "Bearer" in assert_refused(client, None)
    response = client.post("/graphql", json={"query": QUERY})
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "Basic dXNlcjpwYXNz"])
def test_malformed_tokens_are_refused(client, token):
    assert_refused(client, token)


def test_alg_none_is_refused(client):
    assert_refused(client, f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims())}.")


def test_hs256_signed_with_the_public_key_is_refused(client, folder):
    """The classic confusion: an HMAC "signed" with the server's public key as the secret."""
    public_pem = demo_key(folder).as_pem(private=False)
    signing_input = f"{b64({'alg': 'HS256', 'kid': KEY_ID})}.{b64(claims())}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert_refused(client, forged)


def test_a_token_carrying_its_own_key_is_refused(client):
    attacker = RSAKey.generate_key(2048, private=True)
    header = {"alg": "RS256", "jwk": attacker.as_dict(private=False)}
    assert "own keys" in assert_refused(client, jwt.encode(header, claims(), attacker))


@pytest.mark.parametrize("header", ["jku", "x5u"])
def test_a_token_pointing_at_a_key_url_is_refused(client, folder, header):
    token = jwt.encode(
        {"alg": "RS256", "kid": KEY_ID, header: "http://127.0.0.1:1/keys"}, claims(), demo_key(folder)
    )
    assert_refused(client, token)


def test_a_token_signed_by_another_key_with_our_key_id_is_refused(client):
    other = RSAKey.generate_key(2048, private=True)
    assert_refused(client, jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims(), other))


def test_an_algorithm_outside_the_pinned_list_is_refused(client):
    key = ECKey.generate_key("P-521", private=True)
    assert_refused(client, jwt.encode({"alg": "ES512", "kid": KEY_ID}, claims(), key, algorithms=["ES512"]))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"aud": "someone-else"}, "aud"),
        ({"iss": "https://evil.example"}, "iss"),
        ({"exp": int(time.time()) - 3600}, "exp"),
        ({"nbf": int(time.time()) + 3600}, "not yet valid"),
        ({"sub": None}, "sub"),
        ({"exp": None}, "exp"),
        ({"iat": None}, "iat"),
        ({"aud": None}, "aud"),
    ],
)
def test_claims_are_all_required_and_checked(client, folder, change, why):
    token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims(**change), demo_key(folder))
    assert why in assert_refused(client, token)


def test_leeway_is_explicit_and_small(client, folder):
    slightly_expired = jwt.encode(
        {"alg": "RS256", "kid": KEY_ID}, claims(exp=int(time.time()) - 5), demo_key(folder)
    )
    assert ask(client, slightly_expired)[0] == 200
    long_expired = jwt.encode(
        {"alg": "RS256", "kid": KEY_ID}, claims(exp=int(time.time()) - 120), demo_key(folder)
    )
    assert_refused(client, long_expired)


def test_a_token_without_agency_and_role_is_refused(client, folder):
    token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims(agency=None), demo_key(folder))
    assert "agency" in assert_refused(client, token)


def test_a_rotated_key_is_picked_up_from_the_key_file(client, folder):
    new = RSAKey.generate_key(2048, parameters={"kid": "demo-2", "alg": "RS256"}, private=True)
    _, public = key_paths(folder)
    keys = json.loads(public.read_text())
    keys["keys"].append(new.as_dict(private=False))
    public.write_text(json.dumps(keys))
    token = jwt.encode({"alg": "RS256", "kid": "demo-2"}, claims(), new)
    assert ask(client, token)[0] == 200


@pytest.mark.parametrize(
    ("agency", "role"), [("nobody", "officer"), ("noi_vu", "janitor"), ("so_khcn", "officer")]
)
def test_an_unknown_agency_or_role_gets_nothing_protected(client, folder, agency, role):
    status, body = ask(client, demo_token(folder, agency, role=role))
    assert status == 200
    assert body["data"] is None or body["data"]["worker"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def refusal(message: str) -> dict:
    return {
        "errors": [
            {"message": f"Authentication failed: {message}", "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }


def test_a_token_living_ten_years_is_refused(client, folder):
    now = int(time.time())
    token = jwt.encode(
        {"alg": "RS256", "kid": KEY_ID}, claims(iat=now, exp=now + 10 * 365 * 86400), demo_key(folder)
    )
    assert ask(client, token) == (
        401,
        refusal("the token's lifetime (exp - iat) of 315360000 s exceeds the maximum of 43200 s"),
    )


def test_a_token_of_exactly_the_maximum_lifetime_is_served(client, folder):
    now = int(time.time())
    token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims(iat=now, exp=now + 43200), demo_key(folder))
    assert ask(client, token) == (200, {"data": {"worker": {"fullName": "KIM JI-HOON"}}})


def test_a_token_issued_in_the_future_is_refused(client, folder):
    now = int(time.time())
    token = jwt.encode(
        {"alg": "RS256", "kid": KEY_ID}, claims(iat=now + 3600, exp=now + 7200), demo_key(folder)
    )
    assert ask(client, token) == (401, refusal("the token is not valid: The token was issued in the future"))


def test_the_maximum_lifetime_is_a_setting(folder, monkeypatch):
    monkeypatch.setenv("LIENTHONG_AUTH_MAX_LIFETIME_SECONDS", "3600")
    with serving(folder / "sources.yaml") as client:
        assert ask(client, demo_token(folder, "noi_vu")) == (
            401,
            refusal("the token's lifetime (exp - iat) of 28800 s exceeds the maximum of 3600 s"),
        )


SCOPE_ATTACKS = [
    ("giao_duc", {"sector": "construction"}, "sector 'construction' is not a sector of giao_duc's policy"),
    ("ubnd_xa", {}, "ubnd_xa is ward-scoped, but no ward is named"),
    ("ubnd_xa", {"ward": "Phường Lang"}, "ward 'Phường Lang' is not a ward of ubnd_xa's policy"),
    ("ubnd_xa", {"ward": "Phường Khong Co"}, "ward 'Phường Khong Co' is not a ward of ubnd_xa's policy"),
    ("xay_dung", {}, "xay_dung is sector-scoped, but no sector is named"),
    ("y_te", {"sector": "construction"}, "y_te is city-scoped: a sector may not be named"),
    (
        "ubnd_xa",
        {"ward": "Phường Láng", "sector": "education"},
        "ubnd_xa is ward-scoped: a sector may not be named",
    ),
]


@pytest.mark.parametrize("path", ["/graphql", "/exchange/noi_vu/2026-10.csv"])
@pytest.mark.parametrize(("agency", "scope", "message"), SCOPE_ATTACKS)
def test_a_scope_claim_its_policy_does_not_list_is_refused_at_authentication(
    client, folder, path, agency, scope, message
):
    headers = {"Authorization": f"Bearer {demo_token(folder, agency, **scope)}"}
    if path == "/graphql":
        response = client.post(path, json={"query": QUERY}, headers=headers)
    else:
        response = client.get(path, headers=headers)
    assert (response.status_code, response.json()) == (401, refusal(message))
    assert response.headers["www-authenticate"] == 'Bearer realm="lienthong"'


def test_an_agency_without_a_policy_file_still_sees_nothing_whatever_its_claims(client, folder):
    forbidden = {"message": "Not permitted", "locations": [{"line": 1, "column": 3}], "path": ["worker"]}
    assert ask(client, demo_token(folder, "so_khcn", ward="Phường Khong Co")) == (
        200,
        {"data": {"worker": None}, "errors": [{**forbidden, "extensions": {"code": "FORBIDDEN"}}]},
    )


@pytest.fixture(scope="module")
def demo_client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


WORKERS = "{ workers(first: 1000) { nodes { id employer { sector sectorListings { sector } } } } }"


def listed(client, token: str) -> list[dict]:
    response = client.post("/graphql", json={"query": WORKERS}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    return response.json()["data"]["workers"]["nodes"]


def test_a_listed_sector_still_works_and_sees_only_its_sector(demo_client, embedded_demo):
    folder = embedded_demo.parent
    mine = listed(demo_client, demo_token(folder, "giao_duc", sector="education"))
    everyone = listed(demo_client, demo_token(folder, "noi_vu"))

    def sectors(node: dict) -> set[str]:
        """The registry's sector, and the departments' lists naming the employer."""
        employer = node["employer"] or {}
        return {employer.get("sector"), *(s["sector"] for s in employer.get("sectorListings") or [])}

    assert mine and all("education" in sectors(node) for node in mine)
    assert {node["employer"]["sector"] for node in mine} == {"education", "manufacturing"}  # a listed trainer
    assert mine == [node for node in everyone if "education" in sectors(node)]


def test_a_ward_matches_whatever_its_spacing_and_case_but_diacritics_must_match(demo_client, embedded_demo):
    folder = embedded_demo.parent
    exact = listed(demo_client, demo_token(folder, "ubnd_xa", ward="Phường Láng"))
    loose = listed(demo_client, demo_token(folder, "ubnd_xa", ward="  phường   LÁNG "))
    assert exact and loose == exact
    token = demo_token(folder, "ubnd_xa", ward="Phuong Lang")
    response = demo_client.post(
        "/graphql", json={"query": WORKERS}, headers={"Authorization": f"Bearer {token}"}
    )
    assert (response.status_code, response.json()) == (
        401,
        refusal("ward 'Phuong Lang' is not a ward of ubnd_xa's policy"),
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--agency", "ubnd_xa"], "ubnd_xa is ward-scoped, but no ward is named"),
        (
            ["--agency", "ubnd_xa", "--ward", "Phường Khong Co"],
            "ward 'Phường Khong Co' is not a ward of ubnd_xa's policy",
        ),
        (
            ["--agency", "giao_duc", "--sector", "construction"],
            "sector 'construction' is not a sector of giao_duc's policy",
        ),
        (["--agency", "noi_vu", "--ward", "Phường Láng"], "noi_vu is city-scoped: a ward may not be named"),
        (["--agency", "noi_vu", "--hours", "13"], "--hours 13 exceeds the maximum token lifetime of 43200 s"),
    ],
)
def test_lienthong_token_refuses_what_the_server_would_refuse(folder, capsys, options, message):
    ensure_demo_keys(folder)
    assert main(["token", "--data", str(folder), *options]) == 2
    assert capsys.readouterr() == ("", f"lienthong token: {message}\n")


def test_lienthong_token_issues_a_scoped_token_within_the_maximum_that_is_served(client, folder, capsys):
    assert main(["token", "--data", str(folder), "--agency", "ubnd_xa", "--ward", "Phường Láng"]) == 0
    token = capsys.readouterr().out.strip()
    issued = jwt.decode(token, demo_key(folder)).claims
    assert (issued["ward"], issued["exp"] - issued["iat"]) == ("Phường Láng", 8 * 3600)
    assert ask(client, token)[0] == 200


def test_a_verified_token_is_not_verified_again_but_its_times_still_are(client, folder, monkeypatch):
    """The signature is checked once; expiry is checked on every request (leeway 30 s: a token
    that expired 31 s ago is refused even though its signature was verified while it was valid)."""
    decoded = []
    real = jwt.decode
    monkeypatch.setattr("graph.access.auth.jwt.decode", lambda *a, **k: decoded.append(1) or real(*a, **k))
    clock = [time.time()]
    monkeypatch.setattr("joserfc._rfc7519.claims.time.time", lambda: clock[0])
    token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims(exp=int(clock[0]) + 60), demo_key(folder))
    assert [ask(client, token)[0] for _ in range(3)] == [200, 200, 200]
    assert len(decoded) == 1
    clock[0] += 60 + 31
    assert "expired" in assert_refused(client, token)


def test_a_key_withdrawn_from_the_key_file_no_longer_admits_tokens_it_signed(client, folder):
    new = RSAKey.generate_key(2048, parameters={"kid": "demo-2", "alg": "RS256"}, private=True)
    _, public = key_paths(folder)
    original = public.read_text()
    keys = json.loads(original)
    keys["keys"].append(new.as_dict(private=False))
    public.write_text(json.dumps(keys))
    token = jwt.encode({"alg": "RS256", "kid": "demo-2"}, claims(), new)
    assert ask(client, token)[0] == 200
    time.sleep(0.01)  # a new modification time, whatever the file system's resolution
    public.write_text(original)
    assert "unknown key" in assert_refused(client, token)
