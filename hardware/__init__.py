"""The ESC/POS thermal printer: ticket layout (pure), transports and the print spooler."""
