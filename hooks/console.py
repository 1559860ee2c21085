"""Run a ``.pycon`` snippet the way the Python prompt would, and return the real transcript.

The snippet file is a doctest: ``>>>`` lines and the output they should print. At
build time every example runs in a fresh namespace, and the page shows what the
code really printed, expression values included. If that differs from the output
written in the file, the build reports it, as pytest does.
"""

from __future__ import annotations

import doctest
from dataclasses import dataclass, field

OPTIONS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


@dataclass
class Transcript:
    text: str
    problems: list = field(default_factory=list)


class _Recorder(doctest.DocTestRunner):
    def __init__(self):
        super().__init__(optionflags=OPTIONS, verbose=False)
        self.got = {}
        self.problems = []

    def report_start(self, out, test, example):
        pass

    def report_success(self, out, test, example, got):
        # For an expected exception doctest passes got == "", so show the expected traceback.
        self.got[id(example)] = got if example.exc_msg is None else example.want

    def report_failure(self, out, test, example, got):
        self.got[id(example)] = got
        self.problems.append(
            f"line {test.lineno + example.lineno + 1}: expected\n{example.want}got\n{got}"
        )

    def report_unexpected_exception(self, out, test, example, exc_info):
        kind, error, _ = exc_info
        self.got[id(example)] = f"Traceback (most recent call last):\n  ...\n{kind.__name__}: {error}\n"
        self.problems.append(
            f"line {test.lineno + example.lineno + 1}: {example.source.strip()!r} raised "
            f"{kind.__name__}: {error}"
        )


def run_console(text: str, name: str) -> Transcript:
    """Run the doctest ``text`` and return its transcript with the output actually printed."""
    test = doctest.DocTestParser().get_doctest(text, globs={}, name=name, filename=name, lineno=0)
    runner = _Recorder()
    runner.run(test, out=lambda _: None, clear_globs=True)
    lines = []
    for example in test.examples:
        source = example.source.rstrip("\n").split("\n")
        lines.append(">>> " + source[0])
        lines.extend("... " + line for line in source[1:])
        if len(source) > 1 and source[-1].startswith((" ", "\t")):
            lines.append("...")
        got = runner.got.get(id(example), "")
        lines.extend(got.rstrip("\n").split("\n") if got else [])
    return Transcript("\n".join(lines), runner.problems)
