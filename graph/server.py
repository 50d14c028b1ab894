"""``python -m graph.server``: run the embedded ArcadeDB Bolt server until SIGTERM/SIGINT (``ecokg db start``)."""
from __future__ import annotations

import signal
import sys
import threading

from ecokg.errors import EcokgError, PortInUseError
from ecokg.settings import Settings
from graph.store import exit_process, serve_embedded

EXIT_PORT_IN_USE = 2


def main() -> int:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        with serve_embedded(Settings(), mode="background") as info:
            print(f"ecokg embedded server pid {info.pid} listening on {info.bolt_uri}", flush=True)
            while not stop.wait(1.0):
                pass
    except PortInUseError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return EXIT_PORT_IN_USE
    except EcokgError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    exit_process(main())
