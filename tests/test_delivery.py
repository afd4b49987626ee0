"""Delivery of the monthly lists by e-mail, through a real SMTP server (aiosmtpd) started here: each
recipient's letter and file, a failure and its retry, idempotence, the audit trail, STARTTLS with
a login, the delivery log as each agency may query it, and the server's schedule."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import getpass
import hashlib
import io
import ipaddress
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import mini
import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from openpyxl import load_workbook
from ports import free_ports
from serving import Officer, until
from starlette.testclient import TestClient

from demo.keys import demo_token, ensure_demo_keys
from graph.access.audit import AuditLog
from graph.cli import main
from graph.exchange.delivery_log import DeliveryLog
from graph.exchange.schedule import Schedule
from graph.web.app import create_app
from graph.web.settings import SettingsError, load_settings

MONTH = "2026-10"
RECIPIENTS = [
    {"agency": "noi_vu", "to": ["vieclam@noivu.test"]},
    {"agency": "cong_an", "to": ["pa08@congan.test"]},
    {"agency": "giao_duc", "sector": "education", "to": ["gd@giaoduc.test"]},
    {"agency": "cong_thuong", "sector": "trade", "to": ["ct@congthuong.test"]},
]
SENT = {
    ("bql_kcn", "vieclam@noivu.test"),
    ("bql_kcn", "pa08@congan.test"),
    ("bql_kcn", "gd@giaoduc.test"),
    ("bql_kcn", "ct@congthuong.test"),
    ("cong_an", "vieclam@noivu.test"),
    ("cong_thuong", "vieclam@noivu.test"),
    ("cong_thuong", "pa08@congan.test"),
    ("noi_vu", "pa08@congan.test"),
    ("noi_vu", "gd@giaoduc.test"),
    ("noi_vu", "ct@congthuong.test"),
    ("tai_chinh", "vieclam@noivu.test"),
    ("tai_chinh", "pa08@congan.test"),
    ("y_te", "vieclam@noivu.test"),
}
"""Seed 003's routes (Điều 5.6, 6.4, 7.6, 8.1, 9.3, 12.4; xay_dung's quarterly report is not due in
October) between the demo's senders and the recipients above: (sender, address)."""


@dataclass
class Mailbox:
    """An aiosmtpd handler keeping what it accepts; `refusals` are its replies to the first DATA
    commands, one each, before it accepts."""

    refusals: list[str] = field(default_factory=list)
    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusals:
            return self.refusals.pop(0)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def by_route(self) -> dict[tuple[str, str], EmailMessage]:
        return {(sender(message), to[0]): message for to, message in self.messages}


def sender(message: EmailMessage) -> str:
    return attachment(message)[0].removesuffix(f"_{MONTH}.csv").removesuffix(f"_{MONTH}.xlsx")


def attachment(message: EmailMessage) -> tuple[str, bytes]:
    """The attached file's name and bytes, as sent."""
    (part,) = list(message.iter_attachments())
    return part.get_filename(), part.get_payload(decode=True)


def smtp_server(handler: Mailbox, **options: Any) -> Controller:
    server = Controller(handler, hostname="127.0.0.1", port=free_ports(1)[0], **options)
    server.start()
    return server


def write_config(folder: Path, port: int, smtp: dict[str, Any] | None = None, **delivery: Any) -> Path:
    """A config keeping this test's audit trail and delivery log in `folder`, sending to `port`."""
    config = {
        "audit": {"url": f"sqlite:///{folder}/audit.sqlite", "checkpoints": f"{folder}/audit.checkpoints"},
        "smtp": {
            "host": "127.0.0.1",
            "port": port,
            "starttls": False,
            "from_address": "lienthong@hanoi.test",
            "timeout_seconds": 5,
            **(smtp or {}),
        },
        "delivery": {
            "format": "csv",
            "log_url": f"sqlite:///{folder}/deliveries.sqlite",
            "retry_seconds": 0.05,
            "recipients": RECIPIENTS,
            **delivery,
        },
    }
    path = folder / "lienthong.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def deliver(sources: Path, config: Path, *options: str) -> int:
    return main(["deliver", "--month", MONTH, "--sources", str(sources), "--config", str(config), *options])


def log_of(config: Path, sources: Path) -> list[dict[str, Any]]:
    settings = load_settings(config, sources)
    return DeliveryLog(settings.delivery_log_url).rows(MONTH)


@pytest.fixture(scope="module")
def delivered(
    embedded_demo: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Mailbox, Path]]:
    """MONTH's lists delivered once, through the CLI, to a mail server that takes everything."""
    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path_factory.mktemp("delivered"), server.port)
    try:
        assert deliver(embedded_demo, config) == 0
    finally:
        server.stop()
    yield mailbox, config


@pytest.fixture(scope="module")
def client(embedded_demo: Path, delivered: tuple[Mailbox, Path]) -> Iterator[TestClient]:
    """The server, on the same audit trail and delivery log."""
    ensure_demo_keys(embedded_demo.parent)
    settings = load_settings(delivered[1], embedded_demo, index_check_seconds=0)
    with TestClient(create_app(settings)) as client:
        yield client


def test_each_recipient_gets_each_list_the_regulation_sends_it(delivered):
    mailbox, _ = delivered
    assert sorted((sender(m), to[0]) for to, m in mailbox.messages) == sorted(SENT)
    letter = mailbox.by_route()[("noi_vu", "pa08@congan.test")]
    assert letter["To"] == "pa08@congan.test"
    assert letter["From"].addresses[0].addr_spec == "lienthong@hanoi.test"
    assert letter["Subject"] == "Danh sách tháng 10/2026 của Sở Nội vụ gửi Công an Thành phố"
    text = letter.get_body(("plain",)).get_content()
    name, body = attachment(letter)
    rows = len(body.decode("utf-8-sig").splitlines()) - 1
    assert text.startswith("Kính gửi: Công an Thành phố\n")
    assert (
        "Sở Nội vụ gửi kèm theo thư này danh sách người lao động nước ngoài được cấp giấy phép lao động"
        " hoặc xác nhận không thuộc diện cấp giấy phép lao động - Sở Nội vụ - tháng 10/2026 (từ ngày"
        f" 11/09/2026 đến ngày 10/10/2026): tệp noi_vu_2026-10.csv, {rows} dòng." in " ".join(text.split())
    )
    assert "theo chính sách bảo mật: WorkPermit.salary." in text
    assert f"Mã kiểm tra tệp (SHA-256): {hashlib.sha256(body).hexdigest()}" in text
    assert name == "noi_vu_2026-10.csv" and rows > 0
    scoped = mailbox.by_route()[("noi_vu", "gd@giaoduc.test")]
    assert (
        scoped["Subject"]
        == "Danh sách tháng 10/2026 của Sở Nội vụ gửi Sở Giáo dục và Đào tạo (lĩnh vực education)"
    )


@pytest.mark.parametrize(
    ("route", "agency", "claims"),
    [
        (("noi_vu", "pa08@congan.test"), "cong_an", {}),
        (("cong_an", "vieclam@noivu.test"), "noi_vu", {}),
        (("noi_vu", "gd@giaoduc.test"), "giao_duc", {"sector": "education"}),
        (("bql_kcn", "ct@congthuong.test"), "cong_thuong", {"sector": "trade"}),
    ],
)
def test_the_attachment_is_the_file_the_recipient_would_download(
    delivered, client, embedded_demo, route, agency, claims
):
    token = demo_token(embedded_demo.parent, agency, **claims)
    download = client.get(f"/exchange/{route[0]}/{MONTH}.csv", headers={"Authorization": f"Bearer {token}"})
    assert download.status_code == 200
    assert attachment(delivered[0].by_route()[route])[1] == download.content


def test_a_scoped_recipient_gets_only_its_scopes_rows(delivered):
    """giao_duc sees education workers only: its copy of noi_vu's list is a strict part of the
    police's, which is city-wide."""
    by_route = delivered[0].by_route()

    def permits(route: tuple[str, str]) -> set[tuple[str, ...]]:
        """(name, employer, valid from) of each row: what both recipients may see."""
        header, *rows = csv.reader(io.StringIO(attachment(by_route[route])[1].decode("utf-8-sig")))
        columns = [header.index(name) for name in ("Họ và tên", "Tên doanh nghiệp", "Từ ngày")]
        return {tuple(row[c] for c in columns) for row in rows}

    education, police = permits(("noi_vu", "gd@giaoduc.test")), permits(("noi_vu", "pa08@congan.test"))
    assert education and education < police


def test_every_attempt_is_audited_before_the_mail_leaves(delivered, embedded_demo):
    mailbox, config = delivered
    settings = load_settings(config, embedded_demo)
    records = [r for _, _, r in AuditLog.open(settings).rows() if "delivery" in r]
    assert len(records) == len(SENT)
    letter = mailbox.by_route()[("noi_vu", "pa08@congan.test")]
    (record,) = [r for r in records if r["delivery"]["messageId"] == letter["Message-ID"]]
    assert record["sub"] == f"delivery:cli:{getpass.getuser()}" and record["agency"] == "cong_an"
    assert record["delivery"] == {
        "month": MONTH,
        "list": "noi_vu",
        "sender": "noi_vu",
        "address": "pa08@congan.test",
        "attempt": 1,
        "messageId": letter["Message-ID"],
        "digest": hashlib.sha256(attachment(letter)[1]).hexdigest(),
    }
    assert record["operationName"] == "ExchangeList" and record["fields"]["WorkPermit.salary"] == "deny"
    assert len(record["persons"]) == len(attachment(letter)[1].decode("utf-8-sig").splitlines()) - 1
    assert AuditLog.open(settings).verify()[1] == []


DELIVERIES = """query($month: String!) { deliveries(month: $month) {
  month list sender recipient scope address status
  attempts { number status error at messageId fileDigest } } }"""


@pytest.mark.parametrize(
    ("agency", "claims", "seen"),
    [
        (
            "noi_vu",
            {},
            {
                ("bql_kcn", "noi_vu"),
                ("cong_an", "noi_vu"),
                ("cong_thuong", "noi_vu"),
                ("tai_chinh", "noi_vu"),
                ("y_te", "noi_vu"),
                ("noi_vu", "cong_an"),
                ("noi_vu", "giao_duc"),
                ("noi_vu", "cong_thuong"),
            },
        ),
        ("giao_duc", {"sector": "education"}, {("noi_vu", "giao_duc"), ("bql_kcn", "giao_duc")}),
        (
            "cong_thuong",
            {"sector": "trade"},
            {
                ("noi_vu", "cong_thuong"),
                ("bql_kcn", "cong_thuong"),
                ("cong_thuong", "noi_vu"),
                ("cong_thuong", "cong_an"),
            },
        ),
        ("cong_thuong", {"sector": "manufacturing"}, {("cong_thuong", "noi_vu"), ("cong_thuong", "cong_an")}),
        ("y_te", {}, {("y_te", "noi_vu")}),
    ],
)
def test_an_officer_sees_the_deliveries_its_agency_sent_or_received(
    client, embedded_demo, agency, claims, seen
):
    answer = Officer(client, embedded_demo.parent, agency, **claims).post(DELIVERIES, month=MONTH)
    assert "errors" not in answer, answer["errors"]
    found = answer["data"]["deliveries"]
    assert {(d["sender"], d["recipient"]) for d in found} == seen
    assert all(d["status"] == "SENT" and [a["number"] for a in d["attempts"]] == [1] for d in found)


def test_the_delivery_log_shows_each_attempt(client, embedded_demo, delivered):
    answer = Officer(client, embedded_demo.parent, "cong_an").post(DELIVERIES, month=MONTH)
    (police,) = [d for d in answer["data"]["deliveries"] if d["sender"] == "noi_vu"]
    letter = delivered[0].by_route()[("noi_vu", "pa08@congan.test")]
    (tried,) = police["attempts"]
    assert police | {"attempts": None} == {
        "month": MONTH,
        "list": "noi_vu",
        "sender": "noi_vu",
        "recipient": "cong_an",
        "scope": "",
        "address": "pa08@congan.test",
        "status": "SENT",
        "attempts": None,
    }
    assert tried["messageId"] == letter["Message-ID"] and tried["error"] is None
    assert tried["fileDigest"] == hashlib.sha256(attachment(letter)[1]).hexdigest()
    assert dt.datetime.fromisoformat(tried["at"]) > dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)


@pytest.mark.parametrize("agency", ["bhxh", "thanh_tra"])
def test_agencies_taking_no_part_are_refused_the_delivery_log(client, embedded_demo, agency):
    answer = Officer(client, embedded_demo.parent, agency).post(DELIVERIES, month=MONTH)
    assert answer["data"] is None or answer["data"]["deliveries"] is None
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_month_not_written_yyyy_mm_is_refused(client, embedded_demo):
    answer = Officer(client, embedded_demo.parent, "noi_vu").post(DELIVERIES, month="10/2026")
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


ONE = [{"agency": "cong_an", "to": ["pa08@congan.test"]}]
"""One recipient: three lists (noi_vu's, bql_kcn's and tai_chinh's, then cong_thuong's: four)."""


def test_a_delivered_list_is_not_sent_again_unless_forced(embedded_demo, tmp_path, capsys):
    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port, recipients=ONE)
    try:
        assert deliver(embedded_demo, config) == 0
        assert len(mailbox.messages) == 4
        capsys.readouterr()
        assert deliver(embedded_demo, config) == 0
        assert len(mailbox.messages) == 4
        assert capsys.readouterr().out == f"{MONTH}: 4 DELIVERED\n"
        assert deliver(embedded_demo, config, "--force") == 0
        assert len(mailbox.messages) == 8
    finally:
        server.stop()
    attempts = {(r["sender"], r["attempt"], r["status"]) for r in log_of(config, embedded_demo)}
    assert attempts == {
        (s, n, "SENT") for s in ("bql_kcn", "cong_thuong", "noi_vu", "tai_chinh") for n in (1, 2)
    }


def test_an_xlsx_attachment_holds_what_the_download_holds(embedded_demo, tmp_path):
    """An XLSX file carries the time it was written, so the cells are compared, sheet by sheet."""
    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port, recipients=ONE, format="xlsx")
    try:
        assert deliver(embedded_demo, config) == 0
    finally:
        server.stop()
    name, body = attachment(mailbox.by_route()[("noi_vu", "pa08@congan.test")])
    ensure_demo_keys(embedded_demo.parent)
    token = demo_token(embedded_demo.parent, "cong_an")
    with TestClient(create_app(load_settings(config, embedded_demo))) as client:
        download = client.get(f"/exchange/noi_vu/{MONTH}.xlsx", headers={"Authorization": f"Bearer {token}"})

    def cells(content: bytes) -> dict[str, list[tuple]]:
        book = load_workbook(io.BytesIO(content))
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}

    assert name == "noi_vu_2026-10.xlsx"
    mailed = cells(body)
    assert mailed == cells(download.content) and len(mailed["Danh sách"]) > 2


@pytest.mark.parametrize("store", ["sqlite", "postgresql", "mariadb"])
def test_a_refusal_is_retried_and_the_retry_delivers(embedded_demo, tmp_path, request, store):
    """The server answers the first DATA 451 (try later): that attempt is FAILED, audited and
    logged, and the next, after the backoff, is SENT; with the log in each kind of database."""
    mailbox = Mailbox(refusals=["451 4.3.0 Mail server busy, try later"])
    server = smtp_server(mailbox)
    log_url = f"sqlite:///{tmp_path}/deliveries.sqlite"
    if store != "sqlite":
        log_url = request.getfixturevalue("databases").create(store, "deliveries")
    config = write_config(tmp_path, server.port, recipients=ONE, log_url=log_url)
    try:
        assert deliver(embedded_demo, config) == 0
    finally:
        server.stop()
    assert sorted(sender(m) for _, m in mailbox.messages) == ["bql_kcn", "cong_thuong", "noi_vu", "tai_chinh"]
    rows = log_of(config, embedded_demo)
    failed = [r for r in rows if r["status"] != "SENT"]
    assert [(r["attempt"], r["status"], r["error"]) for r in failed] == [
        (1, "FAILED", "451 4.3.0 Mail server busy, try later")
    ]
    retried = [r for r in rows if r["sender"] == failed[0]["sender"]]
    assert [(r["attempt"], r["status"]) for r in retried] == [(1, "FAILED"), (2, "SENT")]
    settings = load_settings(config, embedded_demo)
    audited = [r["delivery"] for _, _, r in AuditLog.open(settings).rows() if "delivery" in r]
    assert [(d["sender"], d["attempt"]) for d in audited if d["sender"] == failed[0]["sender"]] == [
        (failed[0]["sender"], 1),
        (failed[0]["sender"], 2),
    ]


def test_a_server_down_fails_every_attempt_and_the_next_run_delivers(embedded_demo, tmp_path, capsys):
    (port,) = free_ports(1)
    config = write_config(tmp_path, port, recipients=ONE, max_attempts=2)
    assert deliver(embedded_demo, config) == 1
    assert capsys.readouterr().out == f"{MONTH}: 4 FAILED\n"
    rows = log_of(config, embedded_demo)
    assert {(r["attempt"], r["status"]) for r in rows} == {(1, "FAILED"), (2, "FAILED")}
    assert all("ConnectionRefusedError" in r["error"] for r in rows)
    mailbox = Mailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        assert deliver(embedded_demo, config) == 0
    finally:
        server.stop()
    assert len(mailbox.messages) == 4
    assert {(r["attempt"], r["status"]) for r in log_of(config, embedded_demo) if r["attempt"] == 3} == {
        (3, "SENT")
    }


def test_a_permanent_refusal_is_not_retried(embedded_demo, tmp_path):
    mailbox = Mailbox(refusals=["550 5.1.1 No such mailbox"])
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port, recipients=ONE)
    try:
        assert deliver(embedded_demo, config) == 1
    finally:
        server.stop()
    rejected = [r for r in log_of(config, embedded_demo) if r["status"] == "REJECTED"]
    assert [(r["attempt"], r["error"]) for r in rejected] == [(1, "550 5.1.1 No such mailbox")]
    assert len(mailbox.messages) == 3


def test_a_list_that_cannot_be_made_fails_alone(tmp_path):
    sources = mini.build(tmp_path)
    with sqlite3.connect(tmp_path / "noi_vu.sqlite") as database:
        database.execute("DROP TABLE gp")  # the permit table is gone: noi_vu's source fails
    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port, recipients=ONE)
    try:
        assert deliver(sources, config) == 1
    finally:
        server.stop()
    rows = log_of(config, sources)
    failed = {(r["sender"], r["attempt"], r["status"]) for r in rows if r["status"] != "SENT"}
    assert failed == {("noi_vu", 1, "FAILED")}
    assert all(r["error"].startswith("the list could not be made") for r in rows if r["status"] == "FAILED")
    assert "noi_vu" not in {sender(m) for _, m in mailbox.messages} and mailbox.messages


def test_no_audit_record_no_mail(embedded_demo, tmp_path):
    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port, recipients=ONE, max_attempts=1)
    text = config.read_text(encoding="utf-8").replace(
        f"sqlite:///{tmp_path}/audit.sqlite", f"sqlite:///{tmp_path}/gone/audit.sqlite"
    )
    config.write_text(text, encoding="utf-8")
    try:
        assert deliver(embedded_demo, config) == 1
    finally:
        server.stop()
    assert mailbox.messages == []
    errors = {r["error"] for r in log_of(config, embedded_demo)}
    assert len(errors) == 1 and errors.pop().startswith("not sent: the audit trail cannot be written")


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "smtp.pem", folder / "smtp.key"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert, private


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Mailbox, Controller, Path]]:
    """A server that refuses anything before STARTTLS and sends only for a known login."""
    import ssl

    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, secret: Any) -> AuthResult:
        known = isinstance(secret, LoginPassword) and (secret.login, secret.password) == (
            b"lienthong",
            b"s3cret: [x]",
        )
        return AuthResult(success=known)

    mailbox = Mailbox()
    server = smtp_server(
        mailbox, tls_context=context, require_starttls=True, authenticator=authenticator, auth_required=True
    )
    yield mailbox, server, cert
    server.stop()


def test_starttls_and_a_login_from_the_environment(embedded_demo, tmp_path, tls_server, monkeypatch):
    mailbox, server, cert = tls_server
    monkeypatch.setenv("LIENTHONG_SMTP_PASSWORD", "s3cret: [x]")
    smtp = {"starttls": True, "ca_file": str(cert), "username": "lienthong"}
    config = write_config(tmp_path, server.port, smtp, recipients=ONE)
    assert deliver(embedded_demo, config) == 0
    assert len(mailbox.messages) == 4


def test_without_starttls_the_server_refuses_and_nothing_is_sent(embedded_demo, tmp_path, tls_server):
    mailbox, server, _ = tls_server
    config = write_config(tmp_path, server.port, recipients=ONE)
    assert deliver(embedded_demo, config) == 1
    assert mailbox.messages == []
    rows = log_of(config, embedded_demo)
    assert {(r["attempt"], r["status"], r["error"]) for r in rows} == {
        (1, "REJECTED", "530 Must issue a STARTTLS command first")
    }


def test_an_untrusted_certificate_is_not_sent_to(embedded_demo, tmp_path, tls_server):
    mailbox, server, _ = tls_server
    config = write_config(tmp_path, server.port, {"starttls": True}, recipients=ONE, max_attempts=1)
    assert deliver(embedded_demo, config) == 1
    assert mailbox.messages == []
    assert all("CERTIFICATE_VERIFY_FAILED" in r["error"] for r in log_of(config, embedded_demo))


def test_the_password_is_refused_in_a_config_file(embedded_demo, tmp_path):
    config = write_config(tmp_path, 25, {"password": "s3cret"})
    with pytest.raises(SettingsError, match=re.escape("smtp.password: set LIENTHONG_SMTP_PASSWORD instead")):
        load_settings(config, embedded_demo)


@pytest.mark.parametrize(
    ("recipients", "message"),
    [
        ([{"agency": "cong_an"}], r"delivery.recipients\[0\]: `to:` must name at least one e-mail address"),
        ([{"agency": "cong_an", "to": ["not an address"]}], "'not an address' is not an e-mail address"),
        ([{"agency": "cong_an", "to": "a@b.test", "cc": "x"}], "unknown key 'cc'"),
    ],
)
def test_recipients_are_checked_when_settings_load(embedded_demo, tmp_path, recipients, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(write_config(tmp_path, 25, recipients=recipients), embedded_demo)


@pytest.mark.parametrize(
    ("recipient", "message"),
    [
        (
            {"agency": "giao_duc", "to": ["gd@giaoduc.test"]},
            "giao_duc is sector-scoped, but no sector is named",
        ),
        (
            {"agency": "cong_an", "sector": "trade", "to": ["a@b.test"]},
            "cong_an is city-scoped: a sector may not",
        ),
        ({"agency": "ho_chieu", "to": ["a@b.test"]}, "no agency 'ho_chieu' has a policy"),
    ],
)
def test_a_recipient_its_policy_cannot_scope_is_refused_before_anything_is_sent(
    embedded_demo, tmp_path, capsys, recipient, message
):
    config = write_config(tmp_path, 25, recipients=[recipient])
    assert deliver(embedded_demo, config) == 2
    assert message in capsys.readouterr().err


def test_without_a_mail_server_nothing_is_read(embedded_demo, tmp_path, capsys):
    config = write_config(tmp_path, 25, {"host": None})
    assert deliver(embedded_demo, config) == 2
    assert (
        capsys.readouterr().err
        == "lienthong deliver: no mail server: set smtp.host, or LIENTHONG_SMTP_HOST\n"
    )


def test_a_server_scheduled_without_recipients_does_not_start(embedded_demo, tmp_path):
    config = write_config(tmp_path, 25, recipients=[], schedule="day 11, 08:00")
    with pytest.raises(SettingsError, match=re.escape("no recipients: list them in delivery.recipients")):
        create_app(load_settings(config, embedded_demo))


@pytest.mark.parametrize(
    ("moment", "month"),
    [
        (dt.datetime(2026, 11, 11, 1, 0, tzinfo=dt.UTC), "2026-11"),  # 08:00 in Hà Nội on the 11th
        (dt.datetime(2026, 11, 11, 0, 59, tzinfo=dt.UTC), "2026-10"),  # 07:59: not yet
        (dt.datetime(2026, 11, 30, 16, 59, tzinfo=dt.UTC), "2026-11"),  # 23:59 on the 30th
        (dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC), "2026-11"),  # December's is not due yet
        (dt.datetime(2027, 1, 5, 3, 0, tzinfo=dt.UTC), "2026-12"),
    ],
)
def test_the_schedule_delivers_the_latest_month_due(moment, month):
    assert Schedule.parse("day 11, 08:00").due_month(moment, 11) == month


def test_a_schedule_before_the_window_ends_waits_for_the_window():
    """ "day 5": the month's window runs to the 10th, so its list goes out only on the 11th's look."""
    schedule = Schedule.parse("day 5, 08:00")
    assert schedule.due_month(dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC), 11) == "2026-10"
    assert schedule.due_month(dt.datetime(2026, 11, 11, 3, 0, tzinfo=dt.UTC), 11) == "2026-11"


def test_the_schedule_looks_daily_at_its_time():
    schedule = Schedule.parse("day 11, 08:00")
    local = dt.timezone(dt.timedelta(hours=7))
    assert schedule.next_look(dt.datetime(2026, 11, 3, 0, 0, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 3, 8, 0, tzinfo=local
    )
    assert schedule.next_look(dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 4, 8, 0, tzinfo=local
    )


@pytest.mark.parametrize("text", ["day 29, 08:00", "day 11", "11th, 08:00", "day 11, 25:00", 11])
def test_a_schedule_not_written_day_d_hh_mm_is_refused(embedded_demo, tmp_path, text):
    with pytest.raises(SettingsError, match=re.escape("e.g. 'day 11, 08:00'")):
        load_settings(write_config(tmp_path, 25, schedule=text), embedded_demo)


def scheduled(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("scheduled delivery of")]


def test_the_server_delivers_on_schedule_and_a_restart_sends_nothing_twice(embedded_demo, tmp_path, caplog):
    """A schedule whose time has passed: the server delivers at start-up; started again, it reads
    the delivery log and sends nothing."""
    mailbox = Mailbox()
    server = smtp_server(mailbox)
    config = write_config(tmp_path, server.port, recipients=ONE, schedule="day 1, 00:00")
    ensure_demo_keys(embedded_demo.parent)
    caplog.set_level("INFO", logger="lienthong.delivery")
    try:
        for start in (1, 2):
            settings = load_settings(config, embedded_demo, index_check_seconds=0)
            with TestClient(create_app(settings)):
                until(lambda runs=start: len(scheduled(caplog)) == runs)
    finally:
        server.stop()
    assert len(mailbox.messages) == 4
    runs = scheduled(caplog)
    assert runs[0].endswith("{'SENT': 4}") and runs[1].endswith("{'DELIVERED': 4}")
