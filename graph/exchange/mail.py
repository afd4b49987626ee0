"""A list as the e-mail agencies send each other, and sending it over SMTP.

Seed 003 has agencies send their lists "qua hệ thống thư điện tử công vụ": a letter in Vietnamese
with the list attached, exactly the file the recipient would download (graph/exchange/files.py); a
periodic report goes the same way, with its workbook (graph/exchange/report_book.py).
The letter is built with the email package's MIME classes and `Header`: the newer EmailMessage
folds a long Vietnamese subject into encoded words without the space between two of them
("Sở Nộivụ", CPython 3.11), and `Header` splits inside the encoded text instead.
Sending is smtplib's, bounded by `smtp.timeout_seconds` on every step, encrypted by STARTTLS
unless switched off, with the password only from the environment. A reply the server gives says
whether trying again may help (4xx, a connection that fails) or not (5xx): `Undelivered.permanent`.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass, field
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from graph.exchange.files import FORMATS, Sheet
from graph.exchange.registry import AGENCY_NAMES
from graph.exchange.report_book import Made, file_name, period_name
from graph.exchange.routes import Route
from graph.exchange.window import Window


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    starttls: bool = True
    """Refuse to send unless the connection is encrypted first (the server must offer STARTTLS)."""
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 30.0
    """Connect, and each command after it: a server that stops answering fails the attempt."""
    ca_file: Path | None = None
    """Certificates to trust for the server's, instead of the system's."""
    from_address: str = "lienthong@localhost"


class Undelivered(Exception):
    """The message was not taken; `permanent` when asking again will not help (a 5xx reply)."""

    def __init__(self, reason: str, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


def name(agency: str) -> str:
    return AGENCY_NAMES.get(agency, agency)


def letter(
    route: Route,
    within: Window,
    table: Sheet,
    body: bytes,
    kind: str,
    smtp: SmtpSettings,
    address: str,
    digest: str,
) -> MIMEMultipart:
    """The e-mail carrying the list to one address: subject and text in Vietnamese, the file attached."""
    sender, recipient = name(route.sender), route.recipient
    period = f"{within.end:%m/%Y}"
    filename = f"{route.sender}_{within.quarter or within.month}.{kind}"
    withheld = ""
    if table.withheld:
        withheld = "Các cột không được cung cấp cho cơ quan nhận theo chính sách bảo mật: "
        withheld += f"{', '.join(table.withheld)}.\n\n"
    subject = f"Danh sách tháng {period} của {sender} gửi {name(recipient.agency)}{scope(route)}"
    text = (
        f"Thực hiện việc trao đổi thông tin định kỳ hằng tháng về người lao động nước ngoài, {sender} "
        f"gửi kèm theo thư này {table.title[0].lower()}{table.title[1:]}: tệp {filename}, "
        f"{len(table.rows)} dòng.\n\n"
        f"{withheld}"
    )
    return compose(route, subject, text, (filename, FORMATS[kind], body), smtp, address, digest)


def report_letter(
    route: Route, made: Made, body: bytes, smtp: SmtpSettings, address: str, digest: str
) -> MIMEMultipart:
    """The e-mail carrying a periodic report to one address."""
    sender, period = name(route.sender), made.period
    subject = f"{made.report.title} - {period_name(period)} - {sender} gửi {name(route.recipient.agency)}"
    due = f", hạn gửi trước ngày {period.due:%d/%m/%Y}" if period.due else ""
    text = (
        f"Thực hiện chế độ báo cáo định kỳ về người lao động nước ngoài ({made.report.article}{due}), "
        f"{sender} gửi kèm theo thư này {made.report.title[0].lower()}{made.report.title[1:]}, "
        f"{period_name(period)} (số liệu từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y}): "
        f"tệp {file_name(made)}, {len(made.tables)} bảng số liệu.\n\n"
    )
    return compose(route, subject, text, (file_name(made), FORMATS["xlsx"], body), smtp, address, digest)


def scope(route: Route) -> str:
    recipient = route.recipient
    if not recipient.scope:
        return ""
    return f" ({'phường, xã' if recipient.ward else 'lĩnh vực'} {recipient.scope})"


def compose(
    route: Route,
    subject: str,
    text: str,
    attachment: tuple[str, str, bytes],
    smtp: SmtpSettings,
    address: str,
    digest: str,
) -> MIMEMultipart:
    """A letter to one address of the route's recipient: the salutation, `text`, the file's digest,
    and the file (name, media type, bytes) attached."""
    filename, media, body = attachment
    message = MIMEMultipart()
    message["Subject"] = Header(subject, "utf-8")  # type: ignore[assignment]  # typeshed: str only
    message["From"] = formataddr(("Hệ thống Liên thông", smtp.from_address), charset="utf-8")
    message["To"] = address
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=smtp.from_address.rpartition("@")[2] or None)
    message.attach(
        MIMEText(
            f"Kính gửi: {name(route.recipient.agency)}{scope(route)}\n\n{text}"
            f"Mã kiểm tra tệp (SHA-256): {digest}\n\n"
            "Thư được gửi tự động từ hệ thống Liên thông; đề nghị không trả lời thư này.\n",
            "plain",
            "utf-8",
        )
    )
    maintype, _, subtype = media.partition(";")[0].partition("/")
    attached = MIMEBase(maintype, subtype)
    attached.set_payload(body)
    encoders.encode_base64(attached)
    attached.add_header("Content-Disposition", "attachment", filename=filename)
    message.attach(attached)
    return message


def send(message: MIMEMultipart, smtp: SmtpSettings) -> None:
    """Hand the message to the server; raises Undelivered if it is not taken."""
    client = None
    try:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context(cafile=smtp.ca_file))
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        raise Undelivered(f"{code} {said(reply)}", code >= 500) from None
    except smtplib.SMTPResponseException as error:
        raise Undelivered(f"{error.smtp_code} {said(error.smtp_error)}", error.smtp_code >= 500) from None
    except smtplib.SMTPNotSupportedError as error:  # no STARTTLS, or no AUTH, offered
        raise Undelivered(f"the mail server refuses what the settings ask: {error}", True) from None
    except (smtplib.SMTPException, OSError) as error:
        raise Undelivered(f"{type(error).__name__}: {error}", False) from None
    finally:
        if client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                client.quit()
            client.close()


def said(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply
