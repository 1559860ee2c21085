"""The build layer replaces as little of its tools as it can, and says why where it must.

Every assignment in hooks/ to an attribute of something imported from another package is a
patch of that package. Each one that remains is listed here with the upstream reason, and has a
guard that fails loudly if an upgrade breaks it. No hook imports a private module or name of
another package, so a patch-level upgrade of the docs toolchain cannot break them silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
OURS = {path.stem for path in HOOKS.glob("*.py")} | {"gradflow"}

# (file, patched attribute): why it is needed, and what fails if an upgrade breaks it.
ALLOWED = {
    ("labs.py", "File.is_documentation_page"):
        "ultrabug/mkdocs-static-i18n#198; tests/site/test_labs_site.py checks that lab pages are rendered notebooks",
    ("labs.py", "settings.templates_dir"):
        "mkdocs-jupyter has no option for a template folder (danielfrg/mkdocs-jupyter#178); "
        "use_book_template raises if the attribute is gone, "
        "and tests/site/test_labs_site.py checks the book's markup",
}


def _third_party_names(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.split(".")[0] not in OURS}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module.split(".")[0] not in OURS:
            names |= {a.asname or a.name for a in node.names}
    return names


def _dotted(node) -> str | None:
    """``a.b.c`` for an attribute chain rooted in a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) and parts else None


def patches(folder: Path = HOOKS) -> set[tuple[str, str]]:
    """Every ``imported.name... = value`` and ``setattr(imported..., name, value)`` in ``folder``'s modules."""
    found = set()
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _third_party_names(tree)
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, (ast.AugAssign, ast.AnnAssign)) else []
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                root = node.args[0]
                chain = root.id if isinstance(root, ast.Name) else _dotted(root)
                if chain and chain.split(".")[0] in imported:
                    found.add((path.name, f"{chain}.{node.args[1].value}"))
            for target in targets:
                chain = _dotted(target)
                if chain and chain.split(".")[0] in imported:
                    found.add((path.name, chain))
    return found


def test_every_patch_of_a_third_party_function_is_listed_with_its_reason():
    assert patches() == set(ALLOWED)


def test_the_patch_scan_would_see_a_new_patch(tmp_path):
    (tmp_path / "extra.py").write_text("from mkdocs_jupyter import plugin\nimport nbconvert\n"
                                       "plugin.Plugin.on_files = None\nsetattr(nbconvert, 'export', None)\n")
    assert patches(tmp_path) == {("extra.py", "plugin.Plugin.on_files"), ("extra.py", "nbconvert.export")}


def test_no_hook_imports_a_private_module_or_name_of_another_package():
    private = []
    for path in sorted(HOOKS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
            for module in modules:
                if module.split(".")[0] in OURS | {"__future__"}:
                    continue
                names = module.split(".") + ([a.name for a in node.names] if isinstance(node, ast.ImportFrom) else [])
                if any(part.startswith("_") for part in names):
                    private.append(f"{path.name}: {module}")
    assert not private, private


def test_the_book_template_guard_fails_loudly_without_its_attribute(monkeypatch):
    import labs
    from mkdocs_jupyter.config import settings

    monkeypatch.delattr(settings, "templates_dir")
    with pytest.raises(RuntimeError, match="templates_dir"):
        labs.use_book_template()
