"""The app factory: the central booking service, wired to its config, database and clock."""

from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from booking import http_errors, monitoring
from booking.api import routes as public_api
from booking.citizen import booking_pages, my_booking_pages
from booking.config import BookingConfig
from booking.domain import rate_storage, setup
from booking.domain.context import BookingContext
from booking.extensions import babel, csrf, login_manager
from booking.i18n import address_line
from booking.mail import mailbox_pages
from booking.page_helpers import lang_url
from booking.staff import api as staff_api
from booking.staff import (
    auth,
    contact_api,
    contact_pages,
    manager_api,
    manager_pages,
    overview,
    report_pages,
    reports_api,
    unsent_pages,
)
from booking.staff import pages as staff_pages
from booking.store.db import init_db
from booking.sync import routes as sync_api
from kernel import flask_setup, in_flight, security_headers
from kernel.app_state import app_state
from kernel.clock import Clock
from kernel.db import ConnectionPool, open_pool
from kernel.i18n import init_babel, select_locale
from kernel.login_throttle import LoginThrottle
from kernel.runtime_clock import process_clock

# Endpoints that take a slot: limited per client address against hoarding.
RATE_LIMITED = ("api.create_hold", "api.create_booking", "pages.hold", "pages.confirm")


def _rate_limit(app: Flask, config: BookingConfig, pool: ConnectionPool) -> Limiter:
    # One limiter per app (not per module), counting where every worker process counts: the
    # central database, or the storage `[central] rate_limit_storage` names (e.g. Redis).
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=rate_storage.storage_uri(config.rate_limit_storage),
        storage_options={"connection": pool.get} if not config.rate_limit_storage else {},
        enabled=config.rate_limit is not None,
        headers_enabled=True,
    )
    if config.rate_limit is not None:
        for endpoint in RATE_LIMITED:
            if endpoint in app.view_functions:
                view = app.view_functions[endpoint]
                app.view_functions[endpoint] = limiter.limit(config.rate_limit)(view)
    return limiter


def create_app(config: BookingConfig, clock: Clock | None = None, testing: bool = False) -> Flask:
    app = Flask("booking", static_folder="static", template_folder="templates")
    flask_setup.configure(app, config, testing)
    app.config.update(
        BOOKING=config,
        SESSION_COOKIE_NAME="enindgang_central",
        RATELIMIT_ENABLED=config.rate_limit is not None,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    flask_setup.trust_proxies(app, config.trusted_proxies)

    # The secret key file and the mailbox live there whichever database holds the data.
    config.data_dir.mkdir(parents=True, exist_ok=True)
    init_db(config.database)
    pool = open_pool(config.database)
    context = BookingContext.build(config, clock or process_clock())
    setup.seed(pool.get(), config, context.catalogue)
    # Logins are throttled whatever rate_limit says: that one is for citizens' bookings.
    app.extensions["enindgang"] = {
        "context": context,
        "pool": pool,
        # Counted in the database (it gives counts back, which Redis storage cannot).
        "login_throttle": LoginThrottle(storage=rate_storage.DatabaseStorage(connection=pool.get)),
    }
    app.teardown_appcontext(lambda exc: pool.release())

    init_babel(app, babel, config.timezone)
    login_manager.init_app(app)
    csrf.init_app(app)
    http_errors.init_app(app)
    app.context_processor(
        lambda: {
            "lang": select_locale(),
            "lang_url": lang_url,
            "site_name": config.name,
            "retention_days": config.retention_days,
        }
    )
    app.jinja_env.filters["address_line"] = address_line

    blueprints = (public_api.bp, staff_api.bp, manager_api.bp, reports_api.bp, sync_api.bp, auth.bp)
    blueprints = (*blueprints, contact_api.bp, contact_pages.bp, booking_pages.bp)
    blueprints = (*blueprints, my_booking_pages.bp)
    blueprints = (*blueprints, staff_pages.bp, manager_pages.bp, report_pages.bp, overview.bp)
    for blueprint in (*blueprints, unsent_pages.bp, mailbox_pages.bp):
        app.register_blueprint(blueprint)
    monitoring.init_app(app)
    app.add_url_rule("/", "home", lambda: redirect(url_for("pages.start")))
    app.extensions["enindgang"]["limiter"] = _rate_limit(app, config, pool)
    app.after_request(_wake_messages)
    in_flight.init_app(app)
    security_headers.init_app(app)
    return app


def _wake_messages(response):
    """A change that went through may have queued a message: send it now, not in a while."""
    if request.method in ("POST", "DELETE") and response.status_code < 400:
        ticker = app_state().get("ticker")
        if ticker is not None:
            ticker.wake()
    return response
