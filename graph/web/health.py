"""/healthz: the process answers. /readyz: the audit store's and each source's state, so a balancer
or operator sees why."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Ready when the audit store answers (without it no request can be served) and the index holds
    every source; degraded sources and stores (the work list's, the identity decisions', the delivery
    log's, the console's sessions') are listed, not hidden: the process still serves, without what they hold.

    Per source: the last call's status and its breaker state. Nothing about hosts or errors.
    """
    service = request.app.state.service
    sources = {
        name: {
            "agency": source.config.agency,
            "status": source.guard.last_status,
            "breaker": source.guard.breaker.state,
            "indexed": name in service.index.partitions,
        }
        for name, source in service.sources.items()
    }
    stores = await service.reachable()
    listening = getattr(request.app.state, "listening", lambda: True)()
    ready = listening and stores["audit"] and all(entry["indexed"] for entry in sources.values())
    degraded = [
        name for name, entry in sources.items() if entry["status"] != "OK" or entry["breaker"] != "closed"
    ] + [name for name, answers in stores.items() if not answers]
    body = {
        "status": "ready" if ready and not degraded else "starting" if not listening else "degraded",
        "audit": "OK" if stores["audit"] else "UNAVAILABLE",
        "stores": {name: "OK" if answers else "UNAVAILABLE" for name, answers in stores.items()},
        "workers": len(service.index.snapshot.persons),
        "sources": sources,
    }
    return JSONResponse(body, status_code=200 if ready else 503)
