"""The build hooks: console snippets render like the Python prompt, and serve reloads gradflow."""

from __future__ import annotations

import importlib.util
import sys

from sitebuild import ROOT


def _load(name):
    spec = importlib.util.spec_from_file_location(f"hooks_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_console_transcript_echoes_values_and_prints_in_place():
    console = _load("console")
    transcript = console.run_console(">>> 1 + 1\n2\n>>> for i in range(2):\n...     print(i)\n0\n1\n", "t.pycon")
    assert transcript.problems == []
    assert transcript.text == ">>> 1 + 1\n2\n>>> for i in range(2):\n...     print(i)\n...\n0\n1"


def test_console_reports_wrong_output_and_exceptions_with_line_numbers():
    console = _load("console")
    transcript = console.run_console(">>> 1 + 1\n3\n>>> 1 / 0\n0\n", "t.pycon")
    assert len(transcript.problems) == 2
    assert transcript.problems[0].startswith("line 1: expected\n3\ngot\n2")
    assert "line 3" in transcript.problems[1] and "ZeroDivisionError" in transcript.problems[1]
    assert ">>> 1 + 1\n2\n" in transcript.text  # the page would show what really happened


def test_expected_exceptions_are_shown_as_written():
    console = _load("console")
    text = ">>> int('x')\nTraceback (most recent call last):\n    ...\nValueError: invalid literal for int() with base 10: 'x'\n"
    transcript = console.run_console(text, "t.pycon")
    assert transcript.problems == []
    assert "ValueError: invalid literal" in transcript.text


def _gradflow_modules():
    return [m for m in sys.modules if m == "gradflow" or m.startswith("gradflow.")]


def test_pre_build_reloads_gradflow_only_when_its_source_changed():
    import gradflow.activations  # noqa: F401

    build = _load("build")
    config = {"docs_dir": str(ROOT / "docs")}  # writes the labs' notebooks, as a build does
    build.on_pre_build(config=config)  # the first build always starts from a fresh gradflow
    assert not _gradflow_modules()
    import gradflow.activations  # noqa: F401,F811

    build.on_pre_build(config=config)  # the next language, same source: keep it and its cached results
    assert "gradflow.activations" in sys.modules
    build._loaded_fingerprint = "before an edit under mkdocs serve"
    build.on_pre_build(config=config)
    assert not _gradflow_modules()
    import gradflow  # noqa: F401  (re-import for the tests that follow)


def test_exec_fences_get_the_snippet_path_as_their_id():
    build = _load("build")
    markdown = '    ```python exec="on" html="1"\n    --8<-- "snippets/x/fig_a.py"\n    ```\n'
    match = build.EXEC_INCLUDE.search(markdown)
    assert match and match["path"] == "snippets/x/fig_a.py"
    rewritten = build._rewrite_fence(match, "page.md", ROOT / "docs")
    assert rewritten.startswith('    ```python exec="on" html="1" id="snippets/x/fig_a.py"\n')


def test_diacritics_fold_the_way_readers_type():
    build = _load("build")
    assert build.fold_diacritics("Tiêu biến gradient, đạo hàm, Đắm mình") == "Tieu bien gradient, dao ham, Dam minh"


def test_search_index_gets_folded_words_for_vietnamese_pages_only(tmp_path):
    import json

    build = _load("build")
    (tmp_path / "search").mkdir()
    docs = [{"location": "vanishing/", "title": "Tiêu biến gradient", "text": "<p>đạo hàm</p>"},
            {"location": "en/vanishing/", "title": "Vanishing gradients", "text": "<p>derivative</p>"}]
    (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": docs}))
    build._fold_search_index(tmp_path)
    build._fold_search_index(tmp_path)  # a second pass (the inner language builds) changes nothing
    vi, en = json.loads((tmp_path / "search" / "search_index.json").read_text())["docs"]
    assert vi["text"] == '<p>đạo hàm</p><span class="gf-folded" hidden>bien dao ham tieu</span>'
    assert en["text"] == "<p>derivative</p>"
