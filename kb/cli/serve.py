"""`kb serve`: `mkdocs serve` with live reload, and the check's problems shown on the pages."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import socket
import sys
from pathlib import Path

from kb.problems import KbError

PREVIEW_ENV = "KB_PREVIEW"  # read by kb.mkdocs_adapter.preview.mode()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kb serve",
        description="Preview the help center: rebuild and reload the browser on every save, "
                    "and show each article's problems at the top of its page.")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the MkDocs config file")
    p.add_argument("-a", "--dev-addr", metavar="HOST:PORT",
                   help="where to serve (default: dev_addr in mkdocs.yml, else 127.0.0.1:8000)")
    p.add_argument("--strict-preview", action="store_true",
                   help="show warnings as errors, as 'kb build --strict' would fail on them")
    p.add_argument("--drafts", action="store_true", help="include articles with draft: true")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    config_file = Path(args.config_file)
    if not config_file.is_file():
        raise KbError(f"config file '{config_file}' not found",
                      hint="run from the folder that holds mkdocs.yml, or pass "
                           "-f path/to/mkdocs.yml")
    from mkdocs import exceptions
    from mkdocs.commands.serve import serve
    from mkdocs.config import load_config

    level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=level)
    logging.getLogger("mkdocs").setLevel(level)
    if args.dev_addr and not re.fullmatch(r"\S+:\d{1,5}", args.dev_addr):
        raise KbError(f"-a '{args.dev_addr}' is not an address", hint="give HOST:PORT, "
                      "e.g. -a 127.0.0.1:8001")
    overrides = {"dev_addr": args.dev_addr} if args.dev_addr else {}
    try:
        # Loaded once up front: a broken config fails here, and the port is checked before
        # the first build rather than after it.
        host, port = load_config(str(config_file), **overrides).dev_addr
    except (exceptions.Abort, exceptions.ConfigurationError) as exc:
        raise KbError(f"{config_file} cannot be used: {exc}",
                      hint="fix what is reported above and run kb serve again") from None
    check_address(host, port)
    os.environ[PREVIEW_ENV] = "strict" if args.strict_preview else "1"
    if args.drafts:
        os.environ["KB_DRAFTS"] = "1"
    print(f"kb serve: previewing {config_file} on http://{_show(host)}:{port}/ ("
          "problems are shown on the pages; Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        serve(config_file=str(config_file), livereload=True, watch_theme=True,
              strict=False, **overrides)
    except (exceptions.Abort, exceptions.ConfigurationError) as exc:
        print(f"kb serve: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:  # taken between the check and the server start
            raise in_use(host, port) from None
        raise KbError(f"cannot serve on {_show(host)}:{port}: {exc.strerror or exc}",
                      hint="pick another address with -a HOST:PORT") from None
    return 0


def check_address(host: str, port: int) -> None:
    """Fail early, before the first build, when the address cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            sock.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise in_use(host, port) from None
        raise KbError(f"cannot serve on {_show(host)}:{port}: {exc.strerror or exc}",
                      hint="use an address of this machine, e.g. -a 127.0.0.1:8000") from None


def in_use(host: str, port: int) -> KbError:
    return KbError(f"the address {_show(host)}:{port} is already in use (another "
                   "'kb serve' or 'mkdocs serve'?)",
                   hint=f"stop that server, or pick another port: -a {_show(host)}:{port + 1}")


def _show(host: str) -> str:
    return f"[{host}]" if ":" in host else host
