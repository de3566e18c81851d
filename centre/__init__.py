"""The per-centre app: one Flask app and one SQLite file per citizen service centre.

The pure queue rules are in `core`, all SQL in `store`, one transaction per action in
`domain`, and the link to the central booking service in `sync`. The modules at this level
wire them to the web: the app factory (`app`), thin JSON blueprints (`api*`, `auth`, `pages`),
the Socket.IO hub (`realtime`, fed by the event rows of each committed transaction), the
printer glue (`printing`), error codes to JSON (`http_errors`), config, sessions, security
headers and the `enindgang` CLI. The kiosk, display and counter clients are blueprints of
this app in their own packages.
See docs/ARCHITECTURE.md.
"""
