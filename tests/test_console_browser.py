"""The officers' console in a real browser (Debian's Chromium, driven by Playwright), as an officer
uses it: sign in (the demo's picker, and the city's identity provider: tests/oidc_provider.py),
find a worker, read the card, download a list, read the dashboard, sign out. Every request the
page makes is routed through the test, which fails any that would leave 127.0.0.1; screenshots of
each page are saved under the test run's temporary folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx
import pytest
from oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from playwright.sync_api import Browser, Page, Route, expect
from ports import free_ports
from serving import running, settings_for
from test_graphiql_browser import browser  # noqa: F401  (the fixture: Debian's Chromium)

from demo.keys import demo_token
from graph.web.app import create_app
from graph.web.settings import ConsoleSettings, OidcSettings

SCREEN = {"width": 1366, "height": 768}
MONTH = "2026-10"


@dataclass
class Console:
    url: str
    folder: Path
    provider: Provider
    shots: Path


@pytest.fixture(scope="module")
def console(embedded_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """The demo on the embedded sources, offering both the demo's picker and the test provider."""
    (port,) = free_ports(1)
    base = f"http://127.0.0.1:{port}"
    with running_provider() as provider:
        provider.client.redirect_uris = [f"{base}/console/sign-in/oidc/callback"]
        discovery = f"{provider.issuer}/.well-known/openid-configuration"
        settings = settings_for(embedded_demo)
        console_settings = ConsoleSettings(
            session_key=b"browser-test-session-key-32-byte",
            secure_cookies=False,
            oidc=OidcSettings(discovery, CLIENT_ID, CLIENT_SECRET, "openid profile", 5.0),
            demo_sign_in=True,
        )
        with running(create_app(replace(settings, console=console_settings)), port):
            shots = tmp_path_factory.mktemp("console-screenshots")
            print(f"console screenshots in {shots}")
            yield Console(base, embedded_demo.parent, provider, shots)


@dataclass
class Officer:
    """A browser tab, with every request it makes checked to stay on 127.0.0.1."""

    page: Page
    elsewhere: list[str] = field(default_factory=list)
    graphql_headers: list[dict[str, str]] = field(default_factory=list)

    def check(self, route: Route) -> None:
        request = route.request
        if urlsplit(request.url).hostname != "127.0.0.1":
            self.elsewhere.append(request.url)
            route.abort()
            return
        if urlsplit(request.url).path == "/graphql":
            self.graphql_headers.append(request.headers)
        route.continue_()


@pytest.fixture
def officer(browser: Browser, console: Console) -> Iterator[Officer]:  # noqa: F811
    context = browser.new_context(viewport=SCREEN, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab = Officer(page)
    context.route("**/*", tab.check)
    yield tab
    context.close()
    assert tab.elsewhere == [], "requests left 127.0.0.1"
    assert errors == []


def shoot(page: Page, console: Console, name: str) -> None:
    page.screenshot(path=console.shots / f"{name}.png", full_page=True)


def demo_sign_in(page: Page, console: Console, agency: str, scope: str | None = None) -> None:
    page.goto(f"{console.url}/")
    expect(page.get_by_role("heading", name="Đăng nhập", exact=True)).to_be_visible()
    page.get_by_label("Cơ quan").select_option(agency)
    if scope:
        page.locator("#scope").select_option(scope)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("navigation", name="Chức năng")).to_be_visible()


def choose_month(page: Page, legend: str, month: str, year: str) -> None:
    """The month picker as an officer uses it: labelled Vietnamese selects, no native month input
    (whose month names are the browser's, English in Debian's Chromium)."""
    picker = page.get_by_role("group", name=legend)
    expect(picker.get_by_label("Tháng", exact=True).locator("option")).to_contain_text(
        ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8",
         "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"]
    )  # fmt: skip
    picker.get_by_label("Tháng", exact=True).select_option(label=month)
    picker.get_by_label("Năm", exact=True).select_option(label=year)
    expect(page.locator("input[type=month]")).to_have_count(0)


def worker_with(console: Console, agency: str, query: str, **claims: str) -> dict:
    """A worker as a bearer-token officer sees it: the name the test then types in the page."""
    token = demo_token(console.folder, agency, **claims)
    answer = httpx.post(
        f"{console.url}/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    return answer["data"]["workers"]["nodes"]


def test_an_officer_signs_in_finds_a_worker_reads_the_card_downloads_and_counts(officer, console):
    page = officer.page
    demo_sign_in(page, console, "noi_vu")
    shoot(page, console, "1-tra-cuu")
    query = """{ workers(first: 50) { nodes { fullName passportNumber workPermits { permitNumber }
      compliance { checks { rule reason } } } } }"""
    nodes = worker_with(console, "noi_vu", query)
    worker = next(n for n in nodes if n["workPermits"])
    name = worker["fullName"].lower()  # any spelling: lower case here

    page.get_by_label("Họ tên hoặc số hộ chiếu").fill(name)
    page.get_by_role("button", name="Tìm").click()
    results = page.locator("#ket-qua table")
    expect(results).to_contain_text(worker["fullName"])
    shoot(page, console, "2-ket-qua")
    results.get_by_role("link", name=worker["fullName"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(worker["fullName"])
    card = page.locator("main")
    expect(card).to_contain_text("Giấy phép lao động")
    expect(card).to_contain_text(worker["workPermits"][0]["permitNumber"])
    expect(card).to_contain_text("Tuân thủ quy định")
    compliance = page.locator("section", has=page.get_by_role("heading", name="Tuân thủ quy định"))
    checks = compliance.locator("ul.checks li")
    expect(checks).to_have_count(8)
    expect(checks.first).to_contain_text(
        "Được phép làm việc (giấy phép lao động hoặc miễn giấy phép còn hiệu lực)"
    )
    expect(compliance).to_contain_text("Đã khai báo tạm trú")
    expect(compliance).to_contain_text("Đóng bảo hiểm xã hội (hợp đồng lao động từ 12 tháng)")
    expect(checks.first.locator(".hint")).to_have_text(
        re.compile(r"^ – (giấy phép lao động|giấy xác nhận miễn giấy phép) còn hiệu lực đến \d\d/\d\d/\d{4}$")
    )
    shown = compliance.inner_text()
    for check in worker["compliance"]["checks"]:  # the API's English, for other clients
        assert check["reason"] not in shown, check
    assert not re.search(r"\b(in force|valid|not|the|employer|status)\b", shown), shown
    shoot(page, console, "3-ho-so")

    page.get_by_role("link", name="Tra cứu người lao động").click()
    page.get_by_role("radio", name="Số hộ chiếu").check()
    passport = worker["passportNumber"]
    page.get_by_label("Họ tên hoặc số hộ chiếu").fill(
        f" {passport[:3].lower()} {passport[3:]} "
    )  # any spelling
    page.get_by_role("button", name="Tìm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(worker["fullName"])
    expect(page.locator("main")).to_contain_text(worker["workPermits"][0]["permitNumber"])

    page.get_by_role("link", name="Danh sách hằng tháng").click()
    choose_month(page, "Tháng gửi", "Tháng 10", "2026")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danh sách trao đổi tháng 10/2026")
    table = page.locator("table.lists")
    expect(table).to_contain_text("Công an thành phố")
    expect(table).to_contain_text("15/10/2026")
    shoot(page, console, "4-danh-sach")
    row = table.locator("tr", has_text="Điều 7.6")
    with page.expect_download() as downloading:
        row.get_by_role("link", name="Tải Excel").click()
    download = downloading.value
    assert download.suggested_filename == f"cong_an_{MONTH}.xlsx"
    assert Path(download.path()).read_bytes()[:2] == b"PK"  # an XLSX is a zip

    page.get_by_role("link", name="Thống kê").click()
    charts = page.locator("figure.chart")
    expect(charts).to_have_count(5, timeout=30_000)
    expect(page.locator("main")).to_contain_text("Người lao động theo quốc tịch")
    expect(page.locator("main")).to_contain_text("Giấy phép lao động sắp hết hạn")
    nationalities = page.locator("figure.chart", has_text="theo quốc tịch")
    expect(nationalities.locator("svg rect.bar").first).to_be_visible()
    assert nationalities.locator("svg rect.bar").count() >= 5  # the demo's workers come from many countries
    shoot(page, console, "5-thong-ke")

    assert all(h.get("x-csrf-token") for h in officer.graphql_headers)
    assert all("authorization" not in h for h in officer.graphql_headers)


def test_a_ward_officer_sees_masked_values_as_masked_and_refused_ones_as_refused(officer, console):
    page = officer.page
    demo_sign_in(page, console, "ubnd_xa", "Phường Láng")
    nodes = worker_with(
        console, "ubnd_xa", "{ workers(first: 5) { nodes { fullName } } }", ward="Phường Láng"
    )
    page.get_by_label("Họ tên hoặc số hộ chiếu").fill(nodes[0]["fullName"])
    page.get_by_role("button", name="Tìm").click()
    page.locator("#ket-qua table").get_by_role("link").first.click()
    card = page.locator("main")
    expect(card).to_contain_text("đã che")
    birth = page.locator("section", has_text="Nhân thân").locator("dt:text-is('Ngày sinh') + dd")
    expect(birth).to_have_text(re.compile(r"^(19|20)\d\d đã che$"))  # the year alone, marked masked
    expect(card).to_contain_text("không được phép xem")
    expect(page.locator(".officer")).to_contain_text("Phường Láng")
    shoot(page, console, "6-ho-so-phuong")


def test_the_purpose_is_asked_once_and_sent_percent_encoded(officer, console):
    page = officer.page
    demo_sign_in(page, console, "cong_an")
    query = "{ workers(first: 100) { nodes { fullName criminalRecordCertificates { sourceAgency } } } }"
    worker = next(n for n in worker_with(console, "cong_an", query) if n["criminalRecordCertificates"])
    page.get_by_label("Họ tên hoặc số hộ chiếu").fill(worker["fullName"])
    page.get_by_role("button", name="Tìm").click()
    page.locator("#ket-qua table").get_by_role("link", name=worker["fullName"]).first.click()
    criminal = page.locator("section", has=page.get_by_role("heading", name="Phiếu lý lịch tư pháp"))
    expect(criminal).to_contain_text("cần nêu số hồ sơ / căn cứ")

    purpose = "Hồ sơ 12/2026 – kiểm tra tại Phường Láng"
    page.get_by_label("Số hồ sơ / căn cứ pháp lý của việc tra cứu").fill(purpose)
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#purpose-bar")).to_contain_text(purpose)
    expect(criminal).not_to_contain_text("cần nêu số hồ sơ / căn cứ")
    shoot(page, console, "7-muc-dich")
    sent = officer.graphql_headers[-1]["x-purpose"]
    assert sent.isascii() and unquote(sent) == purpose


def test_an_officer_signs_in_with_the_city_identity_provider_and_out(officer, console):
    console.provider.user = {"sub": "can-bo-y-te-3", "agency": "y_te", "role": "officer"}
    page = officer.page
    page.goto(f"{console.url}/")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản thành phố").click()
    expect(page.locator(".officer")).to_contain_text("Sở Y tế")
    expect(page.locator(".officer")).to_contain_text("can-bo-y-te-3")
    shoot(page, console, "8-dang-nhap-oidc")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập", exact=True)).to_be_visible()
    expect(page.get_by_role("navigation", name="Chức năng")).to_be_hidden()
    shoot(page, console, "0-dang-nhap")


def test_an_officer_works_through_a_finding_in_the_work_list(officer, console):
    """A finding assigned, noted and resolved from the page, each change shown back from the
    mutation, then found again by its status."""
    page = officer.page
    demo_sign_in(page, console, "noi_vu")
    page.get_by_role("link", name="Phát hiện đối soát").click()
    table = page.locator("table.worklist")
    expect(table).to_be_visible(timeout=30_000)
    row = table.locator("tbody tr").first
    expect(row).to_contain_text("Mới")
    since = row.locator("td").nth(1).inner_text()  # dd/mm/yyyy
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", since), since
    row.locator("summary", has_text="Giao cho").click()
    row.get_by_placeholder("Tên cán bộ được giao").fill("Nguyễn Văn An")
    row.get_by_role("button", name="Lưu").first.click()
    expect(row).to_contain_text("Đã giao")
    expect(row).to_contain_text("Người xử lý: Nguyễn Văn An")
    row.locator("summary", has_text="Ghi chú").click()
    row.get_by_placeholder("Nội dung ghi chú").fill("Đã gọi điện cho doanh nghiệp")
    row.locator("details[open] button").click()
    expect(row).to_contain_text("Đã gọi điện cho doanh nghiệp")
    row.locator("summary", has_text="Đánh dấu đã xử lý").click()
    row.locator("details[open] button").click()
    expect(row).to_contain_text("Đã xử lý")
    shoot(page, console, "10-doi-soat-xu-ly")
    page.locator("#tinh-trang, input[value=RESOLVED]").first.check()
    _, month, year = since.split("/")
    choose_month(page, "Tháng phát sinh", f"Tháng {int(month)}", year)
    page.get_by_role("button", name="Lọc").click()
    assert f"thang={year}-{month}" in page.url
    expect(page.locator("table.worklist tbody tr").first).to_contain_text("Đã xử lý")
    expect(page.locator("table.worklist tbody tr").first).to_contain_text(since)


def test_the_work_list_words_each_finding_in_vietnamese_not_the_apis_english(officer, console):
    """Each finding's sentence is built in the page from its kind and facts (findings.js); the
    API's English summaries, fetched beside, appear nowhere."""
    token = demo_token(console.folder, "noi_vu")
    answer = httpx.post(
        f"{console.url}/graphql",
        json={"query": "{ discrepancies(first: 50) { nodes { kind summary } } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    english = [node["summary"] for node in answer["data"]["discrepancies"]["nodes"]]
    assert len(english) >= 20
    page = officer.page
    demo_sign_in(page, console, "noi_vu")
    page.get_by_role("link", name="Phát hiện đối soát").click()
    hints = page.locator("table.worklist tbody tr td:first-child .hint")
    expect(hints).to_have_count(len(english), timeout=30_000)
    worded = hints.all_inner_texts()
    assert all(text.strip() for text in worded), worded
    shown = page.locator("table.worklist").inner_text()
    assert [summary for summary in english if summary in shown] == []
    assert not re.search(r"\b(status|valid|permit|declared|issued|employer|not)\b", shown), shown
    page.get_by_label("Loại").select_option("IDENTITY_CONFLICT")
    page.get_by_role("button", name="Lọc").click()
    expect(hints.first).to_have_text(
        "hộ chiếu M39579060 thuộc các hồ sơ có ngày sinh 10/03/1977 và 03/10/1977: cần xác minh thủ công",
        timeout=30_000,
    )
    shoot(page, console, "11-doi-soat-tieng-viet")
