"""Ports for servers the tests start, as the OS hands them out."""

from __future__ import annotations

import socket
from contextlib import ExitStack


def free_ports(count: int) -> list[int]:
    """`count` different ports nothing listens on now. A fixed port would collide with another test
    run's on the same machine; the OS gives out ports from its ephemeral range, above the fixed ones
    bench/ uses. The probes stay bound until all are chosen, so no two are the same."""
    with ExitStack() as probes:
        sockets = [probes.enter_context(socket.socket()) for _ in range(count)]
        for probe in sockets:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in sockets]
