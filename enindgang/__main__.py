"""`python -m enindgang`: the same as the `enindgang` command."""

from enindgang.cli import main

main()
