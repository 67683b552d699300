"""The import rules of ARCHITECTURE.md, read from the source with `ast`: which part of
photovoice may import which, no import cycles, and imports at the top of modules except
the deferred ones ARCHITECTURE.md lists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "photovoice"
ARCHITECTURE = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _table(heading: str) -> list[list[str]]:
    """The rows of the first table under `## heading`, as lists of cells."""
    section = ARCHITECTURE.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def _names(cell: str) -> list[str]:
    return re.findall(r"`([\w.]+)`", cell) or [name.strip() for name in cell.split(",")
                                                if name.strip() and name.strip() != "-"]


PART_OF = {Path(module).stem: part for part, modules, *_ in _table("Parts")
           for module in _names(modules)}
MAY_IMPORT = {part: set(_names(allowed)) | {part} for part, _, allowed, *_ in _table("Parts")}
DEFERRED = {(row[0].strip("`"), row[1].strip("`")) for row in _table("Deferred imports")}


class _Import:
    def __init__(self, module: str, target: str, line: int, annotation_only: bool,
                 at_top: bool) -> None:
        self.module, self.target, self.line = module, target, line
        self.annotation_only, self.at_top = annotation_only, at_top

    def __repr__(self) -> str:
        return f"{self.module}:{self.line}: imports {self.target}"


def _modules() -> list[tuple[str, Path]]:
    """(name, file) of every module; a sub-package's modules all bear its name."""
    return [(path.stem if path.parent == PACKAGE else path.parent.name, path)
            for path in sorted(PACKAGE.rglob("*.py"))]


def _module_named(name: str) -> str:
    return name if (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name).is_dir() \
        else "__init__"  # `from . import __version__`


def _imports(name: str, module: Path) -> list[_Import]:
    """Every import of a photovoice module by `module`; `annotation_only` for those under
    `if TYPE_CHECKING:` (never run), `at_top` for those at the module's top level. Inside
    a sub-package, imports of its own modules are left out: it counts as one module."""
    depth = 1 if module.parent == PACKAGE else 2
    tree = ast.parse(module.read_text(encoding="utf-8"))
    checking = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == depth:
            targets = [node.module] if node.module else [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name.removeprefix("photovoice.") for alias in node.names
                       if alias.name.startswith("photovoice.")]
        else:
            continue
        for target in targets:
            found.append(_Import(name, _module_named(target.split(".")[0]), node.lineno,
                                 id(node) in checking, id(node) in top or id(node) in checking))
    return found


IMPORTS = [found for name, path in _modules() for found in _imports(name, path)]


def test_every_module_belongs_to_one_part():
    modules = {name for name, _ in _modules()}
    assert modules == set(PART_OF), "ARCHITECTURE.md's parts must list every module once"


def test_each_part_imports_only_the_parts_it_may():
    wrong = [f"{found} ({PART_OF[found.module]} -> {PART_OF[found.target]})"
             for found in IMPORTS if PART_OF[found.target] not in MAY_IMPORT[PART_OF[found.module]]]
    assert wrong == []


def test_no_import_cycles():
    # Imports under `if TYPE_CHECKING:` are annotations, never run: they make no cycle.
    graph: dict[str, set[str]] = {}
    for found in IMPORTS:
        if not found.annotation_only and found.target != found.module:
            graph.setdefault(found.module, set()).add(found.target)
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append(path[path.index(target):] + [target])
            elif target not in done:
                visit(target, path + [target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        visit(module, [module])
    assert cycles == []


def test_imports_are_at_the_top_except_the_deferred_ones():
    inside = {(found.module, found.target) for found in IMPORTS if not found.at_top}
    listed = {(module, target) for module, target in DEFERRED if target in PART_OF}
    assert inside == listed, "a deferred import needs its reason in ARCHITECTURE.md"


def test_the_deferred_imports_of_libraries_are_the_listed_ones():
    """Third-party and standard modules imported inside functions are listed too."""
    listed = {(module, target) for module, target in DEFERRED if target not in PART_OF}
    found = set()
    for name, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        checking = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                    and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in top or id(node) in checking:
                continue
            if isinstance(node, ast.Import):
                found |= {(name, alias.name.split(".")[0]) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add((name, node.module.split(".")[0]))
    assert found == listed, "a deferred import needs its reason in ARCHITECTURE.md"


def test_no_module_keeps_state_but_the_listed_memos():
    """No `global`; a module-level cache only on the pure functions ARCHITECTURE.md names
    under "Memos, not memory"."""
    listed = set(re.findall(r"`(\w+\.\w+)`", ARCHITECTURE.split("**Memos, not memory.**")[1]
                            .split("\n\n", 2)[1]))
    found, declared = set(), []
    for name, module in _modules():
        tree = ast.parse(module.read_text(encoding="utf-8"))
        declared += [f"{name}:{node.lineno}" for node in ast.walk(tree)
                     if isinstance(node, ast.Global)]
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                    re.fullmatch(r"(functools\.)?(lru_)?cache(\(.*\))?", ast.unparse(decorator))
                    for decorator in node.decorator_list):
                found.add(f"{name}.{node.name}")
    assert declared == []
    assert found == listed


def test_the_tests_keep_fixtures_in_conftest_and_helpers_in_helpers():
    """conftest.py holds pytest's hooks and fixtures only; a plain function or constant
    a test shares lives in helpers.py (or a *_support module), imported from there."""
    tests = REPO / "tests"
    tree = ast.parse((tests / "conftest.py").read_text(encoding="utf-8"))
    plain = [node.name for node in tree.body
             if isinstance(node, (ast.FunctionDef, ast.ClassDef))
             and not node.name.startswith("pytest_")
             and not any("fixture" in ast.unparse(decorator) for decorator in node.decorator_list)]
    plain += [ast.unparse(target) for node in tree.body if isinstance(node, ast.Assign)
              for target in node.targets]
    assert plain == []
    importing = [path.name for path in sorted(tests.glob("*.py"))
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.ImportFrom) and node.module == "conftest"]
    assert importing == []
