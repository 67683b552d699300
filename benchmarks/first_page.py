"""Start `photovoice serve` and stop it once it has served the home page whole.

    python benchmarks/first_page.py --content path/to/content [--page en/]

What a curator waits for after `photovoice serve` on a new exhibition: the home page,
complete (its closing </html>) with its <img> elements. The process ends as soon as it
has the page, killing the server and its workers: `run.py` times this whole process,
as it times a build.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", required=True)
    parser.add_argument("--page", default="en/")
    parser.add_argument("--jobs", default=None)
    args = parser.parse_args(argv)
    port = free_port()
    command = [sys.executable, "-m", "photovoice.cli", "serve", "--content", args.content,
               "--port", str(port)] + (["--jobs", args.jobs] if args.jobs else [])
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/{args.page}"
    try:
        while True:
            if server.poll() is not None:
                sys.stderr.write(server.stderr.read().decode(errors="replace"))
                return 1
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    html = response.read()
                if html.rstrip().endswith(b"</html>") and b"<img " in html:
                    return 0
            except OSError:
                pass
            time.sleep(0.01)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
