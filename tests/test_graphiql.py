"""The GraphiQL page works offline: every file it loads comes from this server, and the default query cannot
break out of the page."""

import json
import re
from html.parser import HTMLParser

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from graph.web.graphiql import ASSETS_DIR, graphiql_response, graphiql_routes

NASTY = '# </script><script>alert("x")</script> <!-- </SCRIPT > & \u2028 Nguyễn\n{ hello }'


class Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.data_blocks: dict[str, str] = {}
        self._open_script: dict[str, str | None] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
            self._open_script = attributes
            if attributes.get("src"):
                self.assets.append(attributes["src"] or "")
        elif tag == "link":
            self.assets.append(attributes.get("href") or "")

    def handle_data(self, data: str) -> None:
        if self._open_script is not None and self._open_script.get("type") == "application/json":
            self.data_blocks[self._open_script.get("id") or ""] = data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


@pytest.fixture
def client() -> TestClient:
    def page(request: Request) -> HTMLResponse:
        return graphiql_response(request, request.query_params.get("q", "{ hello }"))

    app = Starlette(routes=[Route("/graphql", page), *graphiql_routes()])
    return TestClient(app)


def test_page_is_html_with_a_strict_content_security_policy(client: TestClient) -> None:
    response = client.get("/graphql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    header = response.headers["content-security-policy"]
    policy = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["style-src"].startswith("'self' 'nonce-")
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_no_inline_code_and_no_external_url(client: TestClient) -> None:
    html = client.get("/graphql").text
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]", html, re.IGNORECASE), "page names another host"
    assert "http://" not in html and "https://" not in html
    page = Page(html)
    for script in page.scripts:
        assert script.get("src") or script.get("type") == "application/json", f"inline script: {script}"
    assert page.assets
    for url in page.assets:
        assert url.startswith("/graphiql-assets/"), url


@pytest.mark.parametrize(
    ("suffix", "content_types"),
    [(".js", {"text/javascript", "application/javascript"}), (".css", {"text/css"})],
)
def test_every_referenced_asset_is_served(client: TestClient, suffix: str, content_types: set[str]) -> None:
    page = Page(client.get("/graphql").text)
    urls = [url for url in page.assets if url.split("?")[0].endswith(suffix)]
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].split(";")[0] in content_types, url
        assert len(response.content) > 0, url


def test_page_loads_graphiql_react_and_our_init(client: TestClient) -> None:
    paths = [url.split("?")[0] for url in Page(client.get("/graphql").text).assets]
    assert paths == [
        "/graphiql-assets/graphiql/graphiql.min.css",
        "/graphiql-assets/page.css",
        "/graphiql-assets/react/react.production.min.js",
        "/graphiql-assets/react-dom/react-dom.production.min.js",
        "/graphiql-assets/graphiql/graphiql.min.js",
        "/graphiql-assets/init.js",
    ]


def test_init_posts_json_to_the_page_url_with_graphql_accept_header() -> None:
    init = (ASSETS_DIR / "init.js").read_text()
    assert "window.location.pathname" in init
    assert '"Content-Type": "application/json"' in init
    assert '"Accept": "application/graphql-response+json, application/json"' in init
    assert 'defaultEditorToolsVisibility: "headers"' in init
    assert "shouldPersistHeaders: false" in init


def test_licence_files_sit_next_to_the_vendored_files() -> None:
    for package in ("graphiql", "react", "react-dom"):
        licence = (ASSETS_DIR / package / "LICENSE").read_text()
        assert "MIT License" in licence, package
    assert "Permission is hereby granted" in (ASSETS_DIR / "graphiql" / "THIRD_PARTY_NOTICES.txt").read_text()
    vendored = (ASSETS_DIR / "VENDORED.md").read_text()
    assert "graphiql" in vendored and "4.1.2" in vendored and "18.3.1" in vendored


def test_no_source_maps_or_dev_builds_are_vendored() -> None:
    names = [path.name for path in ASSETS_DIR.rglob("*") if path.is_file()]
    assert not [name for name in names if name.endswith(".map") or "development" in name]
    assert "sourceMappingURL" not in (ASSETS_DIR / "graphiql" / "graphiql.min.js").read_text()


def test_default_query_is_embedded_as_data(client: TestClient) -> None:
    page = Page(client.get("/graphql").text)
    assert json.loads(page.data_blocks["graphiql-config"])["defaultQuery"] == "{ hello }"


def test_script_end_tag_in_default_query_cannot_break_out(client: TestClient) -> None:
    html = client.get("/graphql", params={"q": NASTY}).text
    block = html.split('<script type="application/json" id="graphiql-config">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["defaultQuery"] == NASTY
    assert html.lower().count("<script") == 5  # the data block and the four scripts, nothing injected
    assert "alert" not in html.replace(block, "")


def test_style_nonce_is_fresh_per_response_and_matches_the_policy(client: TestClient) -> None:
    nonces = []
    for _ in range(2):
        response = client.get("/graphql")
        nonce = json.loads(Page(response.text).data_blocks["graphiql-config"])["styleNonce"]
        assert f"'nonce-{nonce}'" in response.headers["content-security-policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
