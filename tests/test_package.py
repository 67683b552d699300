"""The package as it is published: the source archive and the wheel build, their metadata
passes the package index's checks, and the wheel installed as a curator installs it (not
editable) finds its themes and templates and builds a new exhibition."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from photovoice import __version__

REPO = Path(__file__).parent.parent


def quiet_env() -> dict[str, str]:
    """The environment without PYTHONPATH: the installed copy, not this checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist, then the wheel built from the sdist (so the sdist is proven complete)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                             str(out), str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def shipped_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_the_wheel_holds_the_themes_scaffold_and_map_data(dist):
    wheel = dist / f"photovoice-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, inside in ((REPO / "themes", "photovoice/themes"),
                           (REPO / "photovoice/scaffold_files", "photovoice/scaffold_files"),
                           (REPO / "photovoice/data", "photovoice/data"),
                           (REPO / "photovoice/locale", "photovoice/locale")):
        expected = {f"{inside}/{name}" for name in shipped_files(folder)}
        assert expected and expected <= names, sorted(expected - names)
    assert "photovoice/themes/default/templates/host-headers.txt" in names
    assert not [n for n in names if n.startswith(("content/", "tests/", "benchmarks/"))]


def test_the_source_archive_leaves_out_the_sample_photos(dist):
    import tarfile

    sdist = dist / f"photovoice-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        tops = {name.split("/")[1] for name in archive.getnames() if name.count("/")}
    assert tops == {".gitignore", "LICENSE", "PKG-INFO", "README.md", "docs", "photovoice",
                    "pyproject.toml", "themes"}


def test_twine_passes_the_metadata(dist):
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                             *map(str, sorted(dist.iterdir()))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2


def test_the_installed_wheel_makes_and_builds_an_exhibition(dist, tmp_path):
    """Installed as pipx installs it: into its own environment, run from another folder.

    The environment sees this machine's packages (the dependencies are the same ones),
    but photovoice itself only from the wheel.
    """
    env_dir = tmp_path / "env"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    wheel = dist / f"photovoice-{__version__}-py3-none-any.whl"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--disable-pip-version-check", str(wheel)], check=True,
                   env=quiet_env(), capture_output=True)
    photovoice = env_dir / "bin" / "photovoice"
    work = tmp_path / "desk"
    work.mkdir()

    def run(*args: str, cwd: Path = work) -> str:
        result = subprocess.run([str(photovoice), *args], cwd=cwd, env=quiet_env(),
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout + result.stderr

    where = subprocess.run([str(python), "-c", "import photovoice; print(photovoice.__file__)"],
                           cwd=work, env=quiet_env(), capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(env_dir)
    assert run("--version") == f"photovoice, version {__version__}\n"
    run("new", "exhibition", "show")
    assert "Built " in run("build", "-j", "1", cwd=work / "show")
    # The French catalogue ships as its .po file and is read where the wheel put it.
    assert "photovoice check\u00a0: aucune erreur" in run("--lang", "fr", "check",
                                                          cwd=work / "show")
    site = work / "show" / "build"
    assert {"index.html", "404.html", "_headers", "_redirects"} <= {p.name for p in site.iterdir()}
    assert (site / "en" / "index.html").is_file()


def test_a_version_tag_builds_checks_and_publishes_the_package():
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/release.yml").read_text("utf-8"))
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML reads the key `on` as True
    jobs = workflow["jobs"]
    package = " ".join(step.get("run", step.get("uses", "")) for step in jobs["package"]["steps"])
    for command in ("python -m build", "twine check --strict dist/*", "pip install dist/*.whl",
                    "photovoice\" new exhibition show", "photovoice\" build"):
        assert command in package
    assert jobs["pypi"]["needs"] == jobs["github-release"]["needs"] == "package"
    assert jobs["pypi"]["steps"][-1]["uses"] == "pypa/gh-action-pypi-publish@release/v1"
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}
    assert "gh release create" in jobs["github-release"]["steps"][-1]["run"]
