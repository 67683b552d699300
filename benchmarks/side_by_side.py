"""One caption edited, built by several checkouts of photovoice side by side.

    python benchmarks/side_by_side.py --corpus scaling-texts --runs 5 /tmp/before .

Each checkout builds one working copy of the corpus's content into its own output and
cache (twice first, so that each starts from a build of the same content); then each
round edits the English caption of p001's first photo and runs every checkout's build
in turn, the order reversed every other round, so that a busy machine slows them alike.
Reported: CPU seconds (user + system of the build's process tree) and wall seconds,
medians and ranges, and the median of each round's ratio to the first checkout. As in
run.py, the builds may write their compiled modules (PYTHONDONTWRITEBYTECODE is left
out), as an installed photovoice has them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus as corpus_module  # noqa: E402

MARKER = "This is where I go every week (1-0)."
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def working_copy(source: Path, dest: Path) -> None:
    """The corpus's content: photos hard-linked, YAML copied (it is edited)."""
    shutil.rmtree(dest, ignore_errors=True)
    for path in sorted(source.rglob("*")):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".yaml":
            shutil.copyfile(path, target)
        else:
            os.link(path, target)


def build(checkout: Path, content: Path, work: Path, name: str) -> tuple[float, float]:
    """Wall and CPU seconds of one `photovoice build` by `checkout`."""
    command = [sys.executable, "-m", "photovoice.cli", "build", "--content", str(content),
               "--output", str(work / f"out-{name}"), "--cache", str(work / f"cache-{name}"),
               "--jobs", "2", "-q"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=checkout, env={**ENV, "PYTHONPATH": str(checkout)},
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="exhibition")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("checkouts", nargs="+", type=Path)
    args = parser.parse_args()
    checkouts = [path.resolve() for path in args.checkouts]
    names = [f"{index}-{path.name}" for index, path in enumerate(checkouts)]
    work = HERE / ".work" / args.corpus / "side-by-side"
    content = work / "content"
    working_copy(corpus_module.ensure_corpus(args.corpus) / "content", content)
    caption = content / "participants" / "p001" / "participant.yaml"
    original = caption.read_text(encoding="utf-8")
    assert MARKER in original
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    try:
        for checkout, name in zip(checkouts, names):
            for _ in range(2):
                build(checkout, content, work, name)
        for run in range(args.runs):
            caption.write_text(original.replace(MARKER, f"{MARKER[:-1]}, edit {run}."),
                               encoding="utf-8")
            order = list(zip(checkouts, names))
            for checkout, name in order if run % 2 == 0 else order[::-1]:
                samples[name].append(build(checkout, content, work, name))
    finally:
        caption.write_text(original, encoding="utf-8")
    print(f"{args.corpus}, {args.runs} edits, load average after: "
          + " ".join(f"{x:.1f}" for x in os.getloadavg()))
    first = samples[names[0]]
    for checkout, name in zip(checkouts, names):
        walls, cpus = [s[0] for s in samples[name]], [s[1] for s in samples[name]]
        ratio = statistics.median(b[1] / a[1] for a, b in zip(first, samples[name]))
        print(f"{checkout}: CPU {statistics.median(cpus):.2f} s ({min(cpus):.2f}-"
              f"{max(cpus):.2f}), wall {statistics.median(walls):.2f} s ({min(walls):.2f}-"
              f"{max(walls):.2f}), CPU ratio to the first {ratio:.2f}x")


if __name__ == "__main__":
    main()
