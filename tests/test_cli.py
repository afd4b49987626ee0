"""The command line: keys for a real deployment, a server that will not start without them, and a
user's mistake told in one line, never a traceback."""

import asyncio
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet
from ports import free_ports
from serving import Officer, serving, settings_for

from demo.keys import ensure_demo_keys
from graph.access.audit import AuditLog
from graph.access.auth import AuthSettings, KeysUnusable, check_keys
from graph.cli import main
from graph.cli.exchange import export
from graph.exchange.files import ExportError
from graph.web.settings import SettingsError, load_settings

LOOKUP = '{ worker(passportNumber: "M1234567") { fullName } }'


def without_auth_settings() -> dict[str, str]:
    """The environment with no auth setting (tests/conftest.py sets the demo's), no ops listener."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LIENTHONG_AUTH_")}
    return {**environment, "LIENTHONG_OPS_PORT": "null"}


@pytest.mark.parametrize("algorithm", ["RS256", "ES256"])
def test_keys_make_a_private_key_for_its_owner_alone_and_a_jwks_the_server_trusts(
    folder, capsys, monkeypatch, algorithm
):
    keys = folder / "keys"
    assert main(["keys", "--output", str(keys), "--algorithm", algorithm]) == 0
    private, public = keys / "private-key.json", keys / "jwks.json"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    (published,) = json.loads(public.read_text())["keys"]
    assert published["alg"] == algorithm and published["use"] == "sig" and "d" not in published
    signing_key = KeySet.import_key_set({"keys": [json.loads(private.read_text())]}).keys[0]
    now = int(time.time())
    claims = {"iss": "https://sso.example", "aud": "lienthong", "sub": "u1", "iat": now, "exp": now + 600}
    claims |= {"agency": "noi_vu", "role": "officer"}
    monkeypatch.setenv("LIENTHONG_AUTH_JWKS_FILE", str(public))
    monkeypatch.setenv("LIENTHONG_AUTH_ISSUER", "https://sso.example")
    with serving(folder / "sources.yaml") as client:
        officer = Officer(client, folder, "noi_vu")  # signed with the demo key, which is not trusted here
        demo = client.post(
            "/graphql", json={"query": LOOKUP}, headers={"Authorization": f"Bearer {officer.token}"}
        )
        assert demo.status_code == 401
        header = {"alg": algorithm, "kid": published["kid"]}
        officer.token = jwt.encode(header, claims, signing_key, algorithms=[algorithm])
        assert officer.post(LOOKUP) == {"data": {"worker": {"fullName": "KIM JI-HOON"}}}


def test_keys_are_not_overwritten_without_force(tmp_path, capsys):
    assert main(["keys", "--output", str(tmp_path)]) == 0
    first = (tmp_path / "private-key.json").read_text()
    capsys.readouterr()
    assert main(["keys", "--output", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"lienthong keys: {tmp_path}/private-key.json exists; pass --force to replace the key pair"
        " (tokens signed with the old key then stop verifying)\n"
    )
    assert (tmp_path / "private-key.json").read_text() == first
    assert main(["keys", "--output", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "private-key.json").read_text() != first


def test_serve_refuses_to_start_without_a_jwks_even_beside_the_demo_key(folder):
    ensure_demo_keys(folder)  # the demo's key is there, but only `lienthong demo` trusts it
    command = [
        sys.executable,
        "-m",
        "graph.cli",
        "serve",
        "--sources",
        str(folder / "sources.yaml"),
        "--port",
        "0",
    ]
    finished = subprocess.run(
        command, check=False, env=without_auth_settings(), capture_output=True, text=True, timeout=60
    )
    assert (finished.returncode, finished.stderr) == (
        2,
        "lienthong serve: no JWKS: set auth.jwks_url, or auth.jwks_file (`lienthong keys` makes one)\n",
    )


@pytest.mark.parametrize(
    ("content", "algorithms", "message"),
    [
        (None, ("RS256",), "cannot be read: [Errno 2] No such file or directory"),
        ("", ("RS256",), "empty, not a JWKS"),
        ("{not json", ("RS256",), "not JSON, not a JWKS"),
        ('{"keys": {}}', ("RS256",), 'not a JWKS (an object whose "keys" is a list of keys)'),
        ('{"keys": []}', ("RS256",), "holds no keys"),
        (
            '{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}',
            ("RS256",),
            "a key is not a public key ('k' is required)",
        ),
        ("demo", ("ES256",), "holds no public key for ES256"),
    ],
)
def test_a_jwks_that_cannot_verify_a_token_is_refused_with_the_reason(tmp_path, content, algorithms, message):
    path = tmp_path / "jwks.json"
    if content == "demo":
        path = ensure_demo_keys(tmp_path)
    elif content is not None:
        path.write_text(content)
    with pytest.raises(KeysUnusable) as refused:
        check_keys(AuthSettings(issuer="i", audience="a", jwks_file=path, algorithms=algorithms))
    assert str(refused.value).startswith(f"{path}: {message}")


def test_the_demo_key_is_a_usable_jwks(tmp_path):
    check_keys(AuthSettings(issuer="i", audience="a", jwks_file=ensure_demo_keys(tmp_path)))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["config", "--config", "missing.yaml"],
            "missing.yaml: cannot be read: [Errno 2] No such file or directory",
        ),
        (["identity", "evaluate", "--sources", "missing.yaml"], "missing.yaml: cannot be read: [Errno 2]"),
        (
            ["policy", "explain", "--agency", "so_khcn", "Worker.fullName"],
            "no agency 'so_khcn' has a policy; the agencies",
        ),
        (
            ["policy", "explain", "--agency", "noi_vu", "Worker.shoeSize"],
            "Worker.shoeSize: not a field of the schema",
        ),
        (["token", "--agency", "noi-vu"], "no agency 'noi-vu' has a policy; the agencies are: bhxh, bql_kcn"),
        (["audit", "--sources", "missing.yaml", "verify"], "missing.yaml: no such sources file"),
    ],
)
def test_a_mistake_is_one_line_and_status_2(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"lienthong {argv[0]}: {message}") and err.count("\n") == 1


def test_a_misspelt_setting_in_a_config_file_is_named(tmp_path, capsys):
    config = tmp_path / "lienthong.yaml"
    config.write_text("limits: {max_dept: 7}\n")
    assert main(["config", "--config", str(config)]) == 2
    assert capsys.readouterr().err.startswith(
        f"lienthong config: {config}: limits: unknown setting 'max_dept'"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "LIENTHONG_LIMITS_MAX_DEPTH",
            "deep",
            "limits.max_depth (LIENTHONG_LIMITS_MAX_DEPTH) must be a whole number, not 'deep'",
        ),
        (
            "LIENTHONG_LIMITS_INTROSPECTION",
            "nope",
            "limits.introspection (LIENTHONG_LIMITS_INTROSPECTION) must be true or false, not 'nope'",
        ),
        (
            "LIENTHONG_AUTH_ALGORITHMS",
            "RS256",
            "auth.algorithms (LIENTHONG_AUTH_ALGORITHMS) must be a list, not 'RS256'",
        ),
        (
            "LIENTHONG_CACHE_TIMEOUT_SECONDS",
            "",
            "cache.timeout_seconds (LIENTHONG_CACHE_TIMEOUT_SECONDS) must be a number, not None",
        ),
        ("LIENTHONG_AUTH_ALGORITHMS", "[RS256", "LIENTHONG_AUTH_ALGORITHMS: not a YAML value"),
    ],
)
def test_a_variable_of_the_wrong_type_is_named(monkeypatch, capsys, name, value, message):
    monkeypatch.setenv(name, value)
    assert main(["config"]) == 2
    assert capsys.readouterr().err.startswith(f"lienthong config: {message}")


def test_serve_names_a_persisted_queries_file_it_cannot_read(folder, tmp_path):
    ensure_demo_keys(folder)
    missing = tmp_path / "operations.yaml"
    command = [sys.executable, "-m", "graph.cli", "serve", "--sources", str(folder / "sources.yaml")]
    environment = {
        **os.environ,
        "LIENTHONG_PERSISTED_QUERIES_FILE": str(missing),
        "LIENTHONG_OPS_PORT": "null",
    }
    finished = subprocess.run(
        [*command, "--port", "0"], check=False, env=environment, capture_output=True, text=True, timeout=60
    )
    assert finished.returncode == 2
    assert finished.stderr.startswith(f"lienthong serve: {missing}: the persisted queries cannot be read (")
    assert "Traceback" not in finished.stderr


def test_a_misspelt_log_format_is_named(folder, monkeypatch):
    monkeypatch.setenv("LIENTHONG_LOG_FORMAT", "jsno")
    with pytest.raises(SettingsError, match="log_format 'jsno': use auto, json, text"):
        load_settings(None, folder / "sources.yaml")


def test_identity_evaluate_names_a_missing_ground_truth(embedded_demo, tmp_path, capsys):
    missing = tmp_path / "truth.json"
    assert main(["identity", "evaluate", "--sources", str(embedded_demo), "--truth", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(
        f"lienthong identity: {missing}: cannot be read as the ground truth"
    )


def trail(folder: Path, *times: str) -> list[str]:
    """An audit trail with one record at each of `times`; `audit show --since` on it, as argv."""
    settings = settings_for(folder / "sources.yaml")
    log = AuditLog.open(settings)
    for n, at in enumerate(times):
        log.append({"n": n, "at": at, "agency": "noi_vu", "outcome": "OK"})
    return ["audit", "--sources", str(folder / "sources.yaml"), "show", "--since"]


@pytest.mark.parametrize(
    ("since", "shown"),
    [
        ("2026-11-01T15:00+07:00", ["#3", "#4"]),  # 08:00 UTC: the instant, whatever the zone written
        ("2026-11-01T10:00:00.5+02:00", ["#4"]),  # 08:00:00.5 UTC
        ("2026-11-01T15:00", ["#3", "#4"]),  # no offset: Hà Nội time
        ("2026-11-01", ["#2", "#3", "#4"]),  # a date: from midnight in Hà Nội, 17:00 UTC the day before
    ],
)
def test_audit_show_since_compares_instants(folder, capsys, since, shown):
    argv = trail(
        folder,
        "2026-10-31T16:59:59.000000+00:00",
        "2026-10-31T18:00:00.000000+00:00",
        "2026-11-01T08:00:00.000000+00:00",
        "2026-11-01T08:00:01.000000+00:00",
    )
    assert main([*argv, since]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines if line.startswith("#")] == shown


def test_audit_show_refuses_a_since_that_is_no_date(folder, capsys):
    with pytest.raises(SystemExit) as exited:
        main([*trail(folder), "last tuesday"])
    assert exited.value.code == 2
    assert "argument --since: not an ISO date or time: 'last tuesday'" in capsys.readouterr().err


def test_audit_show_into_a_closed_pipe_ends_quietly(folder):
    """`lienthong audit show | head`: the reader leaves early; no traceback, the status of SIGPIPE."""
    trail(folder, *(f"2026-11-01T08:00:{n:02}.000000+00:00" for n in range(50)))
    command = [sys.executable, "-m", "graph.cli", "audit", "--sources", str(folder / "sources.yaml"), "show"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before it writes a line: every write meets a pipe nobody reads
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (141, b"")


def test_exchange_into_a_missing_folder_is_refused_before_any_work(embedded_demo, tmp_path, capsys):
    output = tmp_path / "no-such-folder" / "list.csv"
    argv = [
        "exchange",
        "--agency",
        "noi_vu",
        "--month",
        "2026-10",
        "--format",
        "csv",
        "--output",
        str(output),
    ]
    assert main([*argv, "--sources", str(embedded_demo)]) == 2
    assert capsys.readouterr() == ("", f"lienthong exchange: {output}: not a file in an existing folder\n")


def test_exchange_without_a_reachable_audit_store_is_refused_before_reading(
    embedded_demo, tmp_path, monkeypatch, capsys
):
    (port,) = free_ports(1)  # nothing listens there
    monkeypatch.setenv("LIENTHONG_AUDIT_URL", f"postgresql+psycopg://postgres@127.0.0.1:{port}/audit")
    output = tmp_path / "list.csv"
    argv = [
        "exchange",
        "--agency",
        "noi_vu",
        "--month",
        "2026-10",
        "--format",
        "csv",
        "--output",
        str(output),
    ]
    assert main([*argv, "--sources", str(embedded_demo)]) == 2
    out, err = capsys.readouterr()
    assert err == "lienthong exchange: the audit trail cannot be written, so no list is exported\n"
    assert "indexing" not in out and not output.exists()


def test_an_export_that_cannot_be_written_is_not_audited_as_done(embedded_demo, tmp_path, monkeypatch):
    monkeypatch.setenv("LIENTHONG_AUDIT_URL", f"sqlite:///{tmp_path}/audit.sqlite")
    monkeypatch.setenv("LIENTHONG_AUDIT_CHECKPOINTS", str(tmp_path / "audit.checkpoints"))
    settings = load_settings(None, embedded_demo)
    output = tmp_path / "gone" / "list.csv"
    with pytest.raises(ExportError, match=f"{output}: cannot be written: No such file or directory"):
        asyncio.run(export(settings, "noi_vu", "2026-10", "csv", "noi_vu", output, lambda _: None))
    assert list(AuditLog.open(settings).rows()) == []


@pytest.mark.parametrize(
    ("options", "agency"),
    [(["--agency", "noi-vu"], "noi-vu"), (["--agency", "noi_vu", "--recipient", "congan"], "congan")],
)
def test_exchange_refuses_an_agency_that_does_not_exist(embedded_demo, tmp_path, capsys, options, agency):
    output = tmp_path / "list.csv"
    argv = [
        "exchange",
        *options,
        "--month",
        "2026-10",
        "--sources",
        str(embedded_demo),
        "--output",
        str(output),
    ]
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith(f"lienthong exchange: no agency {agency!r} has a policy")
    assert not output.exists()
