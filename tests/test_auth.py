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

from graph.demo_keys import AUDIENCE, ISSUER, KEY_ID, demo_token, key_paths

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
    ("agency", "role"), [("nobody", "officer"), ("noi_vu", "janitor"), ("tu_phap", "officer")]
)
def test_an_unknown_agency_or_role_gets_nothing_protected(client, folder, agency, role):
    status, body = ask(client, demo_token(folder, agency, role=role))
    assert status == 200
    assert body["data"] is None or body["data"]["worker"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
