"""The wall between the library and the book, and the names that tie a chapter's parts together."""

from __future__ import annotations

import ast
import pkgutil
import re
from pathlib import Path

import gradflow
import gradflow.book
from gradflow.book.cache import gradflow_imports

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = Path(gradflow.__file__).parent
BOOK = Path(gradflow.book.__file__).parent
HELPERS = {"cache", "language", "nets", "glossary"}  # the book's own machinery, not chapters


def library_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(gradflow.__path__)
                  if not info.name.startswith("_") and info.name != "book")


def test_no_library_module_imports_the_book():
    offenders = []
    for path in sorted(LIBRARY.glob("*.py")):
        imported = gradflow_imports(ast.parse(path.read_bytes()), f"gradflow.{path.stem}")
        offenders += [f"{path.name} imports {name}" for name in imported if name.startswith("gradflow.book")]
    assert not offenders, offenders


def test_the_wall_check_would_see_an_import_of_the_book():
    tree = ast.parse("from .book import nets\nfrom gradflow.book.vanishing import sigmoid_training\n")
    assert {"gradflow.book.nets", "gradflow.book.vanishing"} <= gradflow_imports(tree, "gradflow.mlp")


REFERENCE_PARTS = ("layers", "recurrent", "training")


def test_the_api_reference_shows_every_library_module_once_and_nothing_else():
    shown = [module for part in REFERENCE_PARTS
             for module in re.findall(r"^::: gradflow\.(\w+)\s*$", (ROOT / "docs" / "snippets" / "reference" /
                                                                    f"{part}.md").read_text(encoding="utf-8"), re.M)]
    assert sorted(shown) == library_modules()
    assert "book" not in shown and len(shown) == len(set(shown))
    assert sorted(p.stem for p in (ROOT / "docs" / "snippets" / "reference").glob("*.md")) == sorted(REFERENCE_PARTS)


def test_both_languages_pages_of_a_reference_part_include_its_one_file_and_the_index_lists_every_module():
    for part in REFERENCE_PARTS:
        for page in (f"{part}.md", f"{part}.en.md"):
            text = (ROOT / "docs" / "reference" / page).read_text(encoding="utf-8")
            assert f'--8<-- "snippets/reference/{part}.md"' in text and ":::" not in text
    for page in ("api.md", "api.en.md"):
        text = (ROOT / "docs" / "reference" / page).read_text(encoding="utf-8")
        assert sorted(re.findall(r"\]\(\w+\.md#gradflow\.(\w+)\)", text)) == library_modules(), page


def chapters() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(gradflow.book.__path__) if info.name not in HELPERS)


def test_each_chapter_module_is_named_like_its_page_snippets_and_tests():
    for name in chapters():
        pages = [ROOT / "docs" / f"{name}.md", ROOT / "docs" / "remedies" / f"{name}.md"]
        assert any(page.is_file() for page in pages), f"gradflow.book.{name} has no page docs/[remedies/]{name}.md"
        assert (ROOT / "docs" / "snippets" / name).is_dir(), f"no docs/snippets/{name}/"
        assert (ROOT / "tests" / "book" / f"test_{name}.py").is_file(), f"no tests/book/test_{name}.py"


def test_every_chapter_test_file_has_its_module():
    for path in sorted((ROOT / "tests" / "book").glob("test_*.py")):
        name = path.stem.removeprefix("test_")
        # the store's and the languages' tests, and the labs' predictions (every lab's, run as the labs are)
        assert name in chapters() or name in {"cache", "language", "lab_variants"}, f"{path.name}: no gradflow.book.{name}"


def _unquote(text: str) -> str:
    return text.strip().strip('"')


def chapter_titles() -> dict:
    """Each page's English title, from the nav of mkdocs.yml and its translations: {"vanishing": "Vanishing gradients"}."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = dict((Path(page).stem, _unquote(title)) for title, page in
               re.findall(r'^\s+- ("[^"]+"|[^:"]+): ((?:remedies/)?\w+\.md)\s*$', config, re.M))
    translations = dict((_unquote(vi), _unquote(en)) for vi, en in
                        re.findall(r'^ {12}("[^"]+"|[^:"]+): (.+)$', config.split("nav_translations:")[1].split("theme:")[0], re.M))
    return {stem: translations[title] for stem, title in nav.items() if title in translations}


def uses() -> dict:
    """(library module, chapter page) for every import of the library in a chapter's snippets and labs."""
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    import labs

    found = set()
    for folder in sorted((ROOT / "docs" / "snippets").iterdir()):
        for path in folder.glob("*.py*") if folder.is_dir() else ():
            found |= {(module, folder.name) for module in re.findall(r"from gradflow\.(\w+) import", path.read_text())}
    for source in labs.lab_sources(ROOT / "docs"):
        pages = [Path(chapter["page"]).stem for chapter in labs.lab_metadata(source)["chapters"]]
        modules = re.findall(r"from gradflow\.(\w+) import", source.read_text(encoding="utf-8"))
        found |= {(module, page) for module in modules for page in pages}
    return {pair for pair in found if pair[0] in library_modules()}


def test_every_library_module_a_chapter_uses_names_that_chapter():
    titles = chapter_titles()
    assert {"vanishing", "rnn", "backprop"} <= set(titles)
    missing = []
    for module, page in sorted(uses()):
        doc = ast.get_docstring(ast.parse((LIBRARY / f"{module}.py").read_bytes())) or ""
        text = " ".join(doc.split())
        if f'"{titles[page]}"' not in text and "every chapter" not in text.lower():
            missing.append(f'gradflow.{module} does not name the chapter "{titles[page]}"')
    assert not missing, "\n".join(missing)
