"""hooks/console.py: a ``.pycon`` snippet renders as the Python prompt shows it, with its problems named."""

from __future__ import annotations

import console


def test_console_transcript_echoes_values_and_prints_in_place():
    transcript = console.run_console(">>> 1 + 1\n2\n>>> for i in range(2):\n...     print(i)\n0\n1\n", "t.pycon")
    assert transcript.problems == []
    assert transcript.text == ">>> 1 + 1\n2\n>>> for i in range(2):\n...     print(i)\n...\n0\n1"


def test_console_reports_wrong_output_and_exceptions_with_line_numbers():
    transcript = console.run_console(">>> 1 + 1\n3\n>>> 1 / 0\n0\n", "t.pycon")
    assert len(transcript.problems) == 2
    assert transcript.problems[0].startswith("line 1: expected\n3\ngot\n2")
    assert "line 3" in transcript.problems[1] and "ZeroDivisionError" in transcript.problems[1]
    assert ">>> 1 + 1\n2\n" in transcript.text  # the page would show what really happened


def test_expected_exceptions_are_shown_as_written():
    text = ">>> int('x')\nTraceback (most recent call last):\n    ...\nValueError: invalid literal for int() with base 10: 'x'\n"
    transcript = console.run_console(text, "t.pycon")
    assert transcript.problems == []
    assert "ValueError: invalid literal" in transcript.text
