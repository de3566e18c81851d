"""The staff client for counters, reception and the centre manager.

The blueprint serves one page whose scripts (`static/counter`) drive the counter panel (call
next, recall, park, transfer, no-show, finish, breaks), the reception desk (issue, void, check
in by hand, book a later time through central) and the manager's settings and kiosks, over the
staff JSON API and the `/counter` Socket.IO namespace. Every sentence the scripts show is
translated here.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from centre.domain.counter import phone
from centre.web import ctx
from kernel.i18n import select_locale
from kernel.tasks import ADMINISTRATIONS, administration_label

bp = Blueprint(
    "counter",
    __name__,
    url_prefix="/counter",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/counter",
)


def ui_strings() -> dict:
    """Every sentence the script shows, translated here because JS holds no user text.
    Placeholders like %(number)s are filled in by the script."""
    return {
        "status": {
            "waiting": _("Waiting"),
            "called": _("Called"),
            "serving": _("Being served"),
            "done": _("Done"),
            "no_show": _("Did not show up"),
            "parked": _("Parked"),
            "cancelled": _("Cancelled"),
            "transferred": _("Transferred"),
        },
        "counter_state": {
            "open": _("Open"),
            "break": _("On a break"),
            "phone": _("On phone duty"),
            "closed": _("Closed"),
        },
        "role": {
            "staff": _("Counter staff"),
            "tax": _("Tax secondee"),
            "reception": _("Reception"),
            "manager": _("Centre manager"),
        },
        "printer": {
            "ok": _("Kiosk printer: ok"),
            "offline": _("Kiosk printer: offline"),
            "low": _("Kiosk printer: paper low"),
            "out": _("Kiosk printer: out of paper"),
        },
        # Why a ticket's paper copy failed (the printer package's error codes).
        "print_error": {
            "offline": _("Printer not reachable"),
            "timeout": _("Printer did not answer in time"),
            "paper_out": _("Printer out of paper"),
            "reset": _("Connection lost while printing"),
            "render": _("Ticket could not be laid out"),
            "interrupted": _("Not printed: the system stopped before printing it"),
            "other": _("Not printed"),
        },
        "reprint": _("Reprint"),
        "reprint_ticket": _("Reprint %(number)s"),
        "reprint_sent": _("%(number)s is sent to the printer again."),
        "reprint_ok": _("%(number)s is printed."),
        "reprint_failed": _("%(number)s could not be printed again."),
        "printout_alt": _("Printed ticket %(number)s"),
        "no_printouts": _("Nothing has been printed yet."),
        "who": _("%(name)s (%(role)s)"),
        "who_at": _("%(name)s (%(role)s) at %(counter)s"),
        "nobody_waiting": _("Nobody is waiting"),
        "nobody_waiting_list": _("Nobody is waiting for you right now."),
        "queue_empty": _("Nobody is waiting in the centre."),
        "no_parked": _("No parked tickets."),
        "no_ticket": _("No open ticket. Call the next citizen when you are ready."),
        "on_break_note": _("You are on a break. Press Back from break to call citizens."),
        "on_phone_note": _(
            "You are on phone duty: no citizen is called to you. Log each call below."
        ),
        "called_msg": _("%(number)s is called to your counter."),
        "recalled_msg": _("%(number)s is called again."),
        "started_msg": _("Serving %(number)s."),
        "finished_msg": _("%(number)s is finished."),
        "no_show_msg": _("%(number)s did not show up."),
        "parked_msg": _("%(number)s is parked."),
        "transferred_service_msg": _("%(number)s is sent to %(service)s."),
        "transferred_counter_msg": _("%(number)s is sent to %(counter)s."),
        "transferred_not_me_msg": _("%(number)s is sent to %(service)s, not to you."),
        "choose_service": _("Choose a service."),
        "choose_counter_to": _("Choose a counter."),
        "nobody_waiting_now": _("Nobody is waiting now."),
        "not_to_staff": _("Not to %(name)s"),
        "not_to_you": _("Not to you"),
        "break_msg": _("You are on a break."),
        "resume_msg": _("You are back from your break."),
        "phone_msg": _("You are on phone duty."),
        "phone_end_msg": _("You are back from phone duty."),
        "call_logged_msg": _("Call logged: %(service)s, %(outcome)s."),
        "call_logged_again": _("That call was logged already."),
        "calls_this_duty": _("Calls logged on this phone duty: %(n)s"),
        "minutes": _("%(n)s min"),
        "about_minutes": _("about %(n)s min"),
        # The range a number taken now is given (the manager's overview of the services).
        "about_range": _("about %(low)s–%(high)s min"),
        # The expected wait of a service no staffed counter serves: no number is promised.
        "no_counter_open": _("No counter open"),
        "priority": _("Priority"),
        "for_staff": _("For %(name)s"),
        "for_counter": _("For %(counter)s"),
        "parked_at": _("Parked at %(counter)s"),
        "since": _("since %(time)s"),
        "call": _("Call"),
        "call_ticket": _("Call %(number)s"),
        "call_back": _("Call again"),
        "call_back_ticket": _("Call %(number)s again"),
        "issued": _("Number %(number)s is issued for %(service)s."),
        "weight_saved": _("Weight for %(service)s is saved: %(weight)s."),
        "stopped_msg": _("No more numbers today for %(service)s."),
        "resumed_msg": _("Numbers are given out again for %(service)s."),
        "bad_credentials": _("The username or the password is not right."),
        "choose_counter": _("Choose the counter you sit at."),
        "network_error": _("There is no connection to the server. Please try again."),
        "live_lost": _("Live updates are paused. Reconnecting…"),
        "nobody": _("Nobody"),
        "issued_today": _("Numbers issued"),
        "weight_invalid": _("The weight must be a number from 0.1 to 10."),
        "yes": _("Yes"),
        "no": _("No"),
        "no_appointments": _("No appointments today."),
        "booking_cancelled": _("Cancelled"),
        "central_unreachable": _("Central booking service unreachable since %(time)s"),
        # Reception: today's names live from central, and checking in by hand (checkin.js).
        "names_unavailable": _(
            "Names cannot be shown: the central booking service cannot be reached. "
            "Times and services are from this centre's own list."
        ),
        "name_unknown": _("Not available (central cannot be reached)"),
        "check_in": _("Check in"),
        "check_in_who": _("Check in %(name)s, %(time)s %(service)s"),
        "check_in_time": _("Check in the %(time)s appointment, %(service)s"),
        "checked_in_as": _("Yes, %(number)s"),
        "checked_in_msg": _(
            "Checked in for %(time)s, %(service)s. The ticket %(number)s is printed on the "
            "kiosk printer: give it to the citizen."
        ),
        "book_asking": _("Asking the central booking service…"),
        "book_no_times": _("No free times that day. Try another day."),
        "book_held": _("%(time)s on %(day)s is held until %(until)s. Type the citizen's details."),
        "book_done": _("Booked: %(service)s on %(day)s at %(time)s."),
        "book_code": _("Booking code %(code)s"),
        "book_alternatives": _("Free times nearby:"),
        "book_sent_to": _("The confirmation goes to %(contact)s."),
        "select_ticket": _("Select %(number)s"),
        "void": _("Void"),
        "void_ticket": _("Void %(number)s"),
        "voided_msg": _("%(numbers)s voided: never called, out of the queue."),
        "kiosk_paired_at": _("Paired %(time)s"),
        "kiosk_not_paired": _("Not paired yet"),
        "kiosk_never": _("Never"),
        "kiosk_active": _("Takes tickets"),
        "kiosk_revoked": _("Revoked"),
        "revoke": _("Revoke"),
        "revoke_kiosk": _("Revoke %(name)s"),
        "revoked_msg": _("%(name)s is revoked: it takes no more tickets."),
        "no_kiosks": _("No kiosks are paired yet."),
        "no_feedback": _("No citizen has answered yet today."),
        # The outcome panel (outcome.js): what the message line says after such a finish.
        "finished_with_msg": _("%(number)s is finished: %(outcome)s."),
        "outcome_handed_over": _("handed over to %(administration)s"),
        "outcome_put_through": _("put through to %(place)s"),
        "outcome_referred": _("referred to another authority"),
        "outcome_come_back": _("the citizen must come back"),
        "main_task": _("main task"),
        "choose_a_task": _("Tick at least one task."),
        "dash": "–",
    }


@bp.get("")
@bp.get("/")
def counter():
    centre = ctx()
    language = select_locale()
    counter_ids = list(current_app.config["CENTRE"].counters)
    counters = {c: _("Counter %(n)s", n=c) for c in counter_ids}
    services = {s.id: s.label(language) for s in centre.catalogue.services}
    return render_template(
        "counter/counter.html",
        centre=centre,
        language=language,
        counters=counters,
        categories=centre.catalogue.categories,
        services=services,
        # The outcome panel: each service's tasks (main task first) and the administrations.
        service_tasks={s.id: s.tasks_view(language) for s in centre.catalogue.services},
        administrations=[(code, administration_label(code, language)) for code in ADMINISTRATIONS],
        # Where a call may be put through to: the municipality's other centres.
        call_centres=sorted(phone.others(centre).items(), key=lambda item: item[1]),
        strings=ui_strings(),
        timezone=current_app.config["CENTRE"].timezone,
        # Only the virtual printer keeps pictures of what it printed.
        virtual_printer=current_app.config["CENTRE"].printer.transport == "virtual",
    )
