"""The ESC/POS thermal printer: ticket layout, transports and the print spooler.

The layout turns a ticket into ESC/POS bytes as a pure function (`layout`); the transports
(USB, network, serial, device file, virtual) are chosen by configuration; the spooler prints
outside the request with a deadline per job and reports the printer's state; `render` draws a
picture of a receipt from its bytes for the virtual printer. It knows nothing of the queue:
the centre hands it finished jobs (`centre.printing`). Its CLI reads only the `[printer]`
part of a centre's config file (`config`), through the kernel's TOML helpers.
"""
