"""`python -m photovoice`: the same command line as `photovoice`."""

from .cli import main

main(prog_name="photovoice")
