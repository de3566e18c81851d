"""The `enindgang` command line: one entry point over both apps and the printer.

It sits above `centre/`, `booking/` and `hardware/` so that none of them has to import
another to be reached from the one command: `enindgang centre …`, `enindgang central …`,
`enindgang printer …` and `enindgang demo` (also `python -m enindgang`).
"""
