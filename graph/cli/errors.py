"""A user's mistake: reported as one line on standard error and exit status 2, never a traceback."""

from __future__ import annotations


class UserMistake(Exception):
    """A mistake the CLI itself finds (an agency that does not exist, a folder that is missing);
    the message says what to do instead."""


def user_mistakes() -> tuple[type[Exception], ...]:
    """Every exception that reports a user's mistake rather than a fault of ours: a file or setting
    that is wrong, a policy that does not load, a scope or list that cannot be served, keys that
    cannot verify a token, a delivery log that cannot be reached. Imported only once an exception
    is being handled, so that a command that raises none does not load the modules these come from."""
    from connectors.config import ConfigError
    from graph.access.auth import KeysUnusable
    from graph.access.policy import PolicyError, ScopeError
    from graph.exchange.delivery_log import DeliveryLogUnavailable
    from graph.exchange.files import ExportError
    from graph.web.settings import SettingsError

    return (
        UserMistake,
        ConfigError,
        DeliveryLogUnavailable,
        ExportError,
        KeysUnusable,
        PolicyError,
        ScopeError,
        SettingsError,
    )
