"""Rules for the citizen's anonymous answer after a visit: who may answer, what, and tallies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from centre.core.errors import QueueError
from centre.core.transitions import DONE

SMILEYS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Answer:
    """One citizen's answer: was the errand solved, and an optional smiley (1 worst, 5 best)."""

    solved: bool
    smiley: int | None


def check_answer(solved: object, smiley: object) -> Answer:
    """The answer as sent, or QueueError('validation') naming the field that is wrong."""
    if not isinstance(solved, bool):
        raise QueueError("validation", field="solved")
    # bool is an int in Python: True must not pass as the smiley 1.
    if smiley is not None and (
        isinstance(smiley, bool) or not isinstance(smiley, int) or smiley not in SMILEYS
    ):
        raise QueueError("validation", field="smiley")
    return Answer(solved, smiley)


def check_can_answer(status: str, answered: bool) -> None:
    """Only a finished visit is asked about, and only once."""
    if status != DONE:
        raise QueueError("feedback_not_finished", status=status)
    if answered:
        raise QueueError("feedback_given")


@dataclass
class Tally:
    """The answers for one service at one counter: solved yes / no, and the smileys given."""

    service: str
    counter: str
    solved: int = 0
    not_solved: int = 0
    smileys: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SMILEYS, 0))

    @property
    def answers(self) -> int:
        return self.solved + self.not_solved

    @property
    def average_smiley(self) -> float | None:
        given = sum(self.smileys.values())
        if not given:
            return None
        return round(sum(s * n for s, n in self.smileys.items()) / given, 1)


def tally(counts: Iterable[tuple[str, str, bool, int | None, int]]) -> list[Tally]:
    """Per service and counter, from stored counts (service, counter, solved, smiley, n)."""
    tallies: dict[tuple[str, str], Tally] = {}
    for service, counter, solved, smiley, n in counts:
        entry = tallies.setdefault((service, counter), Tally(service, counter))
        if solved:
            entry.solved += n
        else:
            entry.not_solved += n
        if smiley is not None:
            entry.smileys[smiley] += n
    return [tallies[key] for key in sorted(tallies)]
