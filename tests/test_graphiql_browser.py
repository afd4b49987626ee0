"""GraphiQL in a real browser (Debian's Chromium, driven by Playwright): an officer pastes a token
and the Docs panel loads the schema, without knowing about ↻; the default query reads whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from ports import free_ports
from programs import require
from serving import running, settings_for

from demo.keys import demo_token
from graph.web.app import create_app

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREEN = {"width": 1280, "height": 720}


@pytest.fixture
def url(folder: Path) -> Iterator[str]:
    """/graphql of the server on the mini sources, on a port of its own for the browser to reach."""
    (port,) = free_ports(1)
    with running(create_app(settings_for(folder / "sources.yaml")), port) as base:
        yield f"{base}/graphql"


@pytest.fixture
def browser() -> Iterator[Browser]:
    chromium = require("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_graphiql(browser: Browser, url: str, messages: list[str]) -> Page:
    page = browser.new_page(viewport=SCREEN)
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.wait_for_selector(".graphiql-query-editor .CodeMirror")
    return page


def paste_token(page: Page, token: str) -> None:
    """As an officer does: click at the end of "Bearer " in the Headers tab, and paste."""
    page.locator(".graphiql-editor-tool .CodeMirror-line", has_text="Bearer").click()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")  # inside the closing quote
    page.keyboard.insert_text(token)


def test_the_docs_panel_loads_once_the_token_is_pasted(url, browser, folder):
    messages: list[str] = []
    page = open_graphiql(browser, url, messages)
    page.get_by_label("Show Documentation Explorer").click()
    docs = page.locator(".graphiql-doc-explorer")
    expect(docs).to_contain_text("No GraphQL schema available")  # no token yet, so not asked for
    paste_token(page, demo_token(folder, "noi_vu"))
    expect(docs).to_contain_text("query: Query", timeout=15_000)
    expect(docs).to_contain_text("WorkPermit")
    expect(docs).not_to_contain_text("Error fetching schema")
    assert [text for text in messages if "Content Security Policy" in text] == []


def test_the_default_query_is_not_cut_off_even_beside_the_docs_panel(url, browser):
    page = open_graphiql(browser, url, [])
    widths = "s => [s.scrollWidth, s.clientWidth]"
    scroller = page.locator(".graphiql-query-editor .CodeMirror-scroll")
    scrolled, shown = scroller.evaluate(widths)
    assert scrolled <= shown
    page.get_by_label("Show Documentation Explorer").click()
    expect(page.locator(".graphiql-doc-explorer")).to_be_visible()
    scrolled, shown = scroller.evaluate(widths)
    assert scrolled <= shown
