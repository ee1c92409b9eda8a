"""The `kb` command: one verb per module."""

from __future__ import annotations

import sys
from collections.abc import Callable

VERBS: dict[str, tuple[str, str]] = {
    "build": ("kb.cli.build", "build the help center into site/"),
    "check": ("kb.cli.check", "check the content without building the site"),
    "search": ("kb.cli.search", "search a built site from the terminal, as the browser does"),
    "serve": ("kb.cli.serve", "preview the site with live reload and problems shown on pages"),
    "new": ("kb.cli.new", "start a new article from its type's template"),
    "lifecycle": ("kb.cli.lifecycle", "list articles by owner with review dates and translations"),
    "routes": ("kb.cli.routes", "show which contact channels each article offers, in order"),
    "translate-stamp": ("kb.cli.translate_stamp",
                        "record which source revision a translation was made from"),
    "import": ("kb.cli.import_", "import an existing help center (docfx, markdown, zendesk)"),
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print("usage: kb <command> [options]\n\ncommands:")
        for verb, (_, help_text) in VERBS.items():
            print(f"  {verb:<12} {help_text}")
        return 0 if args else 2
    verb = args.pop(0)
    if verb not in VERBS:
        from kb.problems import did_you_mean

        hint = did_you_mean(verb, VERBS) or "run 'kb --help' for the list"
        print(f"kb: unknown command '{verb}'; {hint}", file=sys.stderr)
        return 2
    from kb.problems import KbError

    module = __import__(VERBS[verb][0], fromlist=["run"])
    run: Callable[[list[str]], int] = module.run
    try:
        return run(args)
    except KbError as exc:  # every verb's user-facing failure: a message and a hint
        print(f"kb {verb}: {exc}", file=sys.stderr)
        return 2
