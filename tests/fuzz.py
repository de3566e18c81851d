"""Property-based requests to every route of an app: who calls, what it reads, the checks.

Both apps' fuzz tests (tests/test_fuzz_centre.py, tests/booking/test_fuzz_central.py) list
their routes from `app.url_map`, so a route added later is fuzzed without touching them.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import ImmutableMultiDict

from tests import fuzz_values as values

# Reproducible in CI: derandomize=True runs the same examples on every machine and every run,
# and database=None keeps no example database between runs. deadline=None: the first request
# to a page renders its template cold, which is no bug. No shrinking: a failure is reported as
# drawn, so a failing run stays as short as a passing one.
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

IGNORED_METHODS = {"HEAD", "OPTIONS"}
# 5xx the centre answers by design when central is away or refuses: not this server's error.
UPSTREAM_CODES = frozenset({"central_not_configured", "central_unreachable", "central_refused"})


@dataclass(frozen=True)
class Route:
    """One rule and one of its methods, as the fuzz tests call it."""

    rule: str
    method: str
    endpoint: str
    arguments: tuple[tuple[str, str], ...]  # (name, converter class name)

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"


def routes(app) -> list[Route]:
    """Every (rule, method) of the app, in a stable order."""
    found = []
    for rule in app.url_map.iter_rules():
        arguments = tuple(
            sorted((name, type(conv).__name__) for name, conv in rule._converters.items())
        )
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            found.append(Route(rule.rule, method, rule.endpoint, arguments))
    return sorted(found, key=lambda r: (r.rule, r.method))


# --- which fields a route reads -------------------------------------------------------------

# Keys looked up in the request's JSON object, query string or form during one request. The
# test client runs the request in this thread, so one module-level set is enough.
_read: set[str] = set()


class _NotingReads:
    """Notes the keys looked up by indexing and `in`; the subclasses add `get`."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)


class _ReadingDict(_NotingReads, dict):
    def get(self, key, default=None):
        _read.add(key)
        return super().get(key, default)


class _ReadingArgs(_NotingReads, ImmutableMultiDict):
    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        _read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        _read.add(key)
        return super().getlist(key, type)


def learn_reads(app) -> None:
    """Make the app note the fields each request reads, so later examples of the same route
    aim their hostile values at those fields."""
    loads = app.json.loads

    def noting_loads(s, **kwargs):
        value = loads(s, **kwargs)
        return _ReadingDict(value) if type(value) is dict else value

    app.json.loads = noting_loads

    class NotingRequest(app.request_class):
        parameter_storage_class = _ReadingArgs

    app.request_class = NotingRequest


# --- who calls ------------------------------------------------------------------------------


@dataclass
class Identity:
    """A client as one kind of caller: its cookies and the headers it always sends."""

    name: str
    client: Any
    headers: dict[str, str] = field(default_factory=dict)


class Identities:
    """Named ways to make an Identity; each is made once, and again after a login or logout
    through the fuzz may have changed its session."""

    def __init__(self, makers: dict[str, Callable[[], Identity]]) -> None:
        self.makers = makers
        self.made: dict[str, Identity] = {}

    @property
    def names(self) -> list[str]:
        return list(self.makers)

    def get(self, name: str) -> Identity:
        if name not in self.made:
            self.made[name] = self.makers[name]()
        return self.made[name]

    def forget(self, name: str) -> None:
        self.made.pop(name, None)


# --- the checks -----------------------------------------------------------------------------


class LastError(logging.Handler):
    """Keeps the last logged traceback, so a failing example shows what raised."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.text = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.text = "".join(traceback.format_exception(*record.exc_info))


def check(path: str, response, last_error: LastError, upstream: Iterable[str] = ()) -> list[str]:
    """What is wrong with one answer: a server error; on /api/ a 4xx that is not
    {"error": {"code", "message"}}; a page that answers a traceback or nothing."""
    status = response.status_code
    detail = f"{status} on {path}: {response.get_data()[:300]!r}"
    body = response.get_json(silent=True) if response.is_json else None
    problems = []
    if status >= 500:
        error = body.get("error") if isinstance(body, dict) else None
        code = error.get("code") if isinstance(error, dict) else None
        if status == 500 or code not in set(upstream):
            problems.append(f"server error: {detail}\n{last_error.text}")
    if path.startswith("/api/") and status >= 400:
        error = body.get("error") if isinstance(body, dict) else None
        if not (
            isinstance(error, dict)
            and isinstance(error.get("code"), str)
            and error["code"]
            and isinstance(error.get("message"), str)
            and error["message"]
        ):
            problems.append(f"not the error shape: {detail}")
    elif status >= 400:
        text = response.get_data(as_text=True)
        if not text or "Traceback" in text:
            problems.append(f"no page or a traceback: {detail}")
    return problems


@dataclass
class Target:
    """One app under fuzzing: who may call it and the real values its fields take."""

    app: Any
    identities: Identities
    known: dict[str, list[Any]]
    last_error: LastError
    upstream: frozenset[str] = frozenset()
    reads: dict[str, set[str]] = field(default_factory=dict)
    strategies: dict[str, st.SearchStrategy] = field(default_factory=dict)
    # What the checks found, and how many requests were sent, since the route began.
    problems: list[str] = field(default_factory=list)
    sent: int = 0

    def __post_init__(self) -> None:
        learn_reads(self.app)
        self.strategies = {
            "query": values.queries(self.known),
            "headers": values.headers(),
            "body": values.bodies(self.known),
        }


def _call(target, name: str, route: Route, path: str, query: dict, body, extra=None):
    """One request as caller `name`, then the checks."""
    identity = target.identities.get(name)
    headers = {**(extra or {}), **identity.headers}
    if body.content_type is not None:
        headers["Content-Type"] = body.content_type
    target.last_error.text = ""
    response = identity.client.open(
        path,
        method=route.method,
        query_string=values.urlencoded(query),
        headers=headers,
        data=body.encode(),
    )
    if route.rule.endswith(("login", "logout")) and response.status_code < 400:
        target.identities.forget(name)
    target.sent += 1
    where = f"{route.method} {path} as {name}"
    for problem in check(path, response, target.last_error, target.upstream):
        target.problems.append(f"{where}: {problem}")
    return response


def _how_far(answer: tuple[int, str]) -> tuple[int, int, str]:
    """Sorts the callers a route let furthest first: an answer, then a refusal about the
    request (404, 409, 422), then a bare 400 (CSRF), then 401/403 at the door."""
    status, name = answer
    rank = 0 if status < 400 else 3 if status in (401, 403) else 2 if status == 400 else 1
    return rank, status, name


def survey_route(target: Target, route: Route) -> None:
    """Before the random examples, the same for every run: learn which fields `route` reads
    (one request with every real value, as query, JSON and form, per caller), then, as the
    caller it let furthest, send each value that broke parsers before in each of those fields
    and in each path parameter, and the bodies JSON cannot carry. The random examples then
    aim at the fields learnt here, and Hypothesis draws the same way each time."""
    real = {key: found[0] for key, found in target.known.items() if key != "*" and found}
    path_real = {
        arg: str((target.known.get(arg) or ["1" if conv == "IntegerConverter" else "x"])[0])
        for arg, conv in route.arguments
    }
    path = values.fill(route.rule, path_real)
    _read.clear()
    furthest: list[tuple[int, str]] = []
    for name in target.identities.names:
        for body in (
            values.Body(values.JSON_TYPE, real),
            values.Body(values.FORM_TYPE, real, form=True),
        ):
            response = _call(target, name, route, path, real, body)
            furthest.append((response.status_code, name))
    # A route every caller is refused at would be fuzzed only at its door.
    if all(status in (401, 403) for status, _ in furthest):
        target.problems.append(
            f"{route.id}: every caller is refused ({sorted(furthest)}); "
            "add the credential it takes to the test's identities"
        )
        return
    read = sorted(key for key in _read if isinstance(key, str))
    target.reads[route.id] = set(read)
    name = min(furthest, key=_how_far)[1]
    # Pages post forms; the API takes JSON.
    as_form = not route.rule.startswith("/api/")
    for key in read:
        for value in values.SURVEY:
            changed = {**real, key: value}
            body = values.Body(
                values.FORM_TYPE if as_form else values.JSON_TYPE, changed, form=as_form
            )
            _call(target, name, route, path, changed, body)
    for body in values.SURVEY_BODIES:
        _call(target, name, route, path, real, values.Body(values.JSON_TYPE, raw=body))
    for arg, _ in route.arguments:
        for value in values.SURVEY_PATH:
            path = values.fill(route.rule, {**path_real, arg: value})
            _call(target, name, route, path, real, values.Body(None))


def exercise(target: Target, route: Route, data) -> None:
    """One request to `route`: drawn caller, path, query, headers and body, with hostile
    values put in fields this route was seen to read; then the checks."""
    name = data.draw(st.sampled_from(target.identities.names), label="identity")
    path = values.fill(
        route.rule,
        {
            arg: data.draw(values.path_value(arg, converter, target.known), label=f"<{arg}>")
            for arg, converter in route.arguments
        },
    )
    query = dict(data.draw(target.strategies["query"], label="query"))
    extra = data.draw(target.strategies["headers"], label="headers")
    body = data.draw(target.strategies["body"], label="body")
    read = sorted(target.reads.get(route.id, ()))
    if read:  # learnt before the examples (survey_route): the draws never depend on a request
        aimed = data.draw(
            st.dictionaries(st.sampled_from(read), values.hostile, min_size=1, max_size=2),
            label="aimed",
        )
        query.update(aimed)
        if body.fields is not None:
            body.fields = {**body.fields, **aimed}
    _call(target, name, route, path, query, body, extra)


def problems_at(target: Target, route: Route) -> list[str]:
    """Fuzz one route (the survey, then the random examples) and say what went wrong."""
    target.problems, target.sent = [], 0
    survey_route(target, route)

    @FUZZ
    @given(data=st.data())
    def one_request(data):
        exercise(target, route, data)

    one_request()
    if target.sent == 0:
        target.problems.append(f"{route.id}: no request was sent")
    return target.problems


def missing_path_strategies(routes: Iterable[Route]) -> list[str]:
    """Path parameters no strategy fills: `values.PATH_PARAMETERS` must learn them."""
    return sorted(
        {
            f"<{name}> in {route.id}"
            for route in routes
            for name, _ in route.arguments
            if name not in values.PATH_PARAMETERS
        }
    )


def watch_errors() -> LastError:
    handler = LastError()
    logging.getLogger().addHandler(handler)
    return handler


def unwatch_errors(handler: LastError) -> None:
    logging.getLogger().removeHandler(handler)
