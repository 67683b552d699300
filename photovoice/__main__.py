"""`python -m photovoice`: the same command line as `photovoice`."""

from .cli import run

run(prog_name="photovoice")
