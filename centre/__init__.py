"""The per-centre app: one Flask app and one SQLite file per citizen service centre.

The pure queue rules are in `core`, all SQL in `store`, one transaction per action in
`domain`, and the link to the central booking service in `sync`. The modules at this level
wire them to the web: the app factory (`app`), thin JSON blueprints (`api*`, `auth`, `pages`),
the Socket.IO hub (`realtime`, fed by the event rows of each committed transaction), the
printer glue (`printing`), error codes to JSON (`http_errors`), config, the `centre` and `demo`
commands (`cli`) and the whole demo (`demo_system`, the one module that may start central).
What it shares with central (clock, catalogue, database connection, logins, languages) is in
`kernel/`. The kiosk, display and counter clients are blueprints of this app in their own
packages.
See docs/ARCHITECTURE.md.
"""
