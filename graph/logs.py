"""Logs: a line a person reads on a terminal, one JSON object per line for log shippers; every line
logged while a request is served carries its request id, whichever module logs it."""

from __future__ import annotations

import logging
import sys
from contextvars import ContextVar
from typing import Any

import orjson

STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
}
"""A record's own attributes, and uvicorn's coloured twin of the message: not fields a call added."""
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the request being served in this context (asyncio copies it into the request's tasks)."""


def bind_request_id(request_id: str) -> str:
    """Tag every log line made from here on in this request's context with `request_id`."""
    REQUEST_ID.set(request_id)
    return request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = REQUEST_ID.get()
        if request_id is not None and not hasattr(record, "requestId"):
            record.requestId = request_id
        return True


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a log call added (`extra=`), and the request id."""
    return {k: v for k, v in vars(record).items() if k not in STANDARD}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **extras(record),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """time level logger [request id]: message key=value …"""

    def format(self, record: logging.LogRecord) -> str:
        fields = extras(record)
        request_id = fields.pop("requestId", None)
        line = f"{self.formatTime(record)} {record.levelname} {record.name}"
        line += f" [{request_id}]: " if request_id else ": "
        line += " ".join([record.getMessage(), *(f"{k}={v}" for k, v in fields.items())])
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure(log_format: str) -> None:
    """`text`, `json`, or `auto`: text when standard error is a terminal (a person is reading),
    JSON lines otherwise (a supervisor or log shipper is)."""
    handler = logging.StreamHandler(sys.stderr)
    as_json = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    handler.setFormatter(JsonFormatter() if as_json else TextFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
