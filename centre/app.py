"""The app factory: one Flask app per centre, wired to its config, database and clock."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_socketio import SocketIO

from centre import (
    api,
    api_checkins,
    api_counter,
    api_desk,
    api_feedback,
    api_oversight,
    api_printer,
    api_reports,
    api_staff,
    auth,
    http_errors,
    monitoring,
    pages,
    printing,
    realtime,
    report_pages,
    what_if_pages,
)
from centre.config import CentreConfig
from centre.core.numbering import appointment_letter
from centre.domain.checkins import CheckinPolicy
from centre.domain.context import CentreContext
from centre.extensions import babel, csrf, login_manager
from centre.kiosk_auth import KioskLimits
from centre.store import counters as counter_store
from centre.store.db import init_db
from centre.sync.agent import SyncAgent
from centre.sync.client import CentralClient
from counter import bp as counter_bp
from display import bp as display_bp
from kernel import flask_setup, security_headers
from kernel.clock import Clock
from kernel.config import ConfigError
from kernel.db import ConnectionPool, write_transaction
from kernel.i18n import init_babel, select_locale
from kernel.login_throttle import LoginThrottle
from kernel.runtime_clock import process_clock
from kiosk import bp as kiosk_bp


def create_app(config: CentreConfig, clock: Clock | None = None, testing: bool = False) -> Flask:
    app = Flask("centre", static_folder="static", template_folder="templates")
    flask_setup.configure(app, config, testing)
    app.config.update(CENTRE=config, JSON_SORT_KEYS=False)

    init_db(config.database_path)
    pool = ConnectionPool(config.database_path)
    ctx = config.context(clock or process_clock())
    db = pool.get()
    with write_transaction(db):
        counter_store.ensure(db, list(config.counters))
    app.extensions["enindgang"] = {
        "context": ctx,
        "pool": pool,
        "login_throttle": LoginThrottle(),
        "kiosk_limits": KioskLimits(),
    }
    _sync(app, config, ctx, start=not testing)
    app.teardown_appcontext(lambda exc: pool.release())

    init_babel(app, babel, config.timezone)
    login_manager.init_app(app)
    csrf.init_app(app)
    # One Socket.IO server per app, in threading mode set explicitly (eventlet never sneaks in).
    # Pages of this origin (or of the public address) only: a page elsewhere that the staff
    # browser visits must not ride on its cookie.
    socketio = SocketIO(
        app,
        async_mode="threading",
        cors_allowed_origins=realtime.origin_check(config.public_url),
    )
    app.extensions["enindgang"]["socketio"] = socketio
    # Outside the Socket.IO middleware, so the socket's origin check and the login throttle see
    # the client's address, host and scheme as the trusted proxies forwarded them.
    flask_setup.trust_proxies(app, config.trusted_proxies)
    http_errors.init_app(app)
    app.extensions["enindgang"]["hub"] = realtime.init_app(app, socketio)
    app.extensions["enindgang"]["printer"] = printing.init_app(app)
    monitoring.init_app(app)

    app.context_processor(lambda: {"lang": select_locale()})

    blueprints = (
        api.bp,
        api_checkins.bp,
        api_desk.bp,
        api_counter.bp,
        api_staff.bp,
        api_printer.bp,
        api_oversight.bp,
        api_feedback.bp,
        api_reports.bp,
        pages.bp,
        report_pages.bp,
        what_if_pages.bp,
        kiosk_bp,
        display_bp,
        counter_bp,
    )
    # No limit by address: every kiosk shares the LAN's. Logins have their own throttle, per
    # account and per address (kernel.login_throttle); the kiosk endpoints are limited per
    # paired kiosk (centre.kiosk_auth).
    for blueprint in (*blueprints, auth.bp):
        app.register_blueprint(blueprint)
    security_headers.init_app(app)
    return app


def _sync(app: Flask, config: CentreConfig, ctx: CentreContext, start: bool) -> None:
    """Check-in rules, and the sync agent when a central service is configured.

    Tests build the app with testing=True and run the agent's rounds themselves."""
    central = config.central
    try:
        letter = appointment_letter(ctx.catalogue, central.appointment_letter if central else None)
    except ValueError as err:
        raise ConfigError(f"[central] {err}") from None
    policy = CheckinPolicy(letter=letter)
    agent = None
    if central is not None:
        policy = CheckinPolicy(
            before=timedelta(minutes=central.checkin_before_minutes),
            after=timedelta(minutes=central.checkin_after_minutes),
            letter=letter,
            offer_walk_in=central.offer_walk_in,
        )
        ctx.appointment_lead = timedelta(minutes=central.appointment_lead_minutes)
        client = CentralClient(central.url, central.key, central.timeout_seconds)
        agent = SyncAgent(
            ctx,
            config.database_path,
            client,
            central.interval_seconds,
            central.max_backoff_seconds,
            central.page_size,
        )
        if start:
            agent.start()
    app.extensions["enindgang"]["checkin_policy"] = policy
    app.extensions["enindgang"]["sync"] = agent
