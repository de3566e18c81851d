"""The per-centre app core: queue engine, store, API, Socket.IO hub and CLI."""
