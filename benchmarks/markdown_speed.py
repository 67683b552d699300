"""Markdown conversion time against a text's length: Python-Markdown vs markdown-it-py.

    python benchmarks/markdown_speed.py [--sizes 5,10,20,40,80]

One paragraph made of a link and some emphasis repeated to the size (in thousands of
characters), the shape that made Python-Markdown quadratic, and the same text as a
caption page sees it: photovoice's conversion, sanitising and French typography. CPU seconds (time.process_time, best of two), so a busy machine disturbs
it less. Prints a Markdown table; the ratio column is time per thousand characters,
relative to the smallest size: flat means linear.
"""

from __future__ import annotations

import argparse
import time

UNIT = "voir [la bibliothèque](https://example.org/library) et *ceci* : oui ! "


def text_of(thousands: int) -> str:
    size = thousands * 1000
    return (UNIT * (size // len(UNIT) + 1))[:size]


def best_of_two(work) -> float:
    times = []
    for _ in range(2):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def converters():
    from markdown_it import MarkdownIt

    from photovoice import markup

    found = {"markdown-it-py": MarkdownIt("commonmark", {"html": False}).render,
             "photovoice: convert, sanitise, typeset (fr)":
                 lambda text: markup._safe_html.__wrapped__(markup._markdown().render(text),
                                                            "fr", markup.Typography.CANADA,
                                                            None)}
    try:
        import markdown
    except ImportError:
        return found
    return {"Python-Markdown": lambda text: markdown.Markdown().convert(text), **found}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5,10,20,40,80")
    parser.add_argument("--skip-slow-above", type=int, default=20,
                        help="Python-Markdown only up to this size (it is quadratic)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print("| converter | " + " | ".join(f"{s}k chars" for s in sizes) + " | per-char ratio |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name, convert in converters().items():
        seconds = []
        for size in sizes:
            if name == "Python-Markdown" and size > args.skip_slow_above:
                seconds.append(None)
                continue
            seconds.append(best_of_two(lambda: convert(text_of(size))))
        measured = [(s, t) for s, t in zip(sizes, seconds) if t is not None]
        if not measured:
            continue
        base = measured[0][1] / measured[0][0]
        ratio = f"{(measured[-1][1] / measured[-1][0]) / base:.1f}x at {measured[-1][0]}k"
        cells = ["-" if t is None else f"{t:.2f} s" for t in seconds]
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")


if __name__ == "__main__":
    main()
