"""The shared kernel: what the centre app, its clients, the printer and central all use.

Pure parts (no Flask, no SQL): the clock (`clock`), the service catalogue (`catalogue`), codes
and tokens (`numbering`), the coded error (`errors`) and the languages (`languages`). Around
them: SQLite connections and the one write transaction (`db`), the error answer, the codes both
apps give and the error handlers (`http_errors`), staff logins (`passwords`, `auth`,
`sessions`, `login_throttle`), Babel and the shared translations (`i18n`), links, strict JSON
and the request's JSON object (`json_input`), security headers, the Flask settings both apps
start from (`flask_setup`), the context and connection a factory keeps for its blueprints
(`app_state`), config and CLI helpers, backups and the server launcher. The kernel imports no
app package; every app may import it.
"""
