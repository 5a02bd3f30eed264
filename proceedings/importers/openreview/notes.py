"""OpenReview notes of either API version, and what was decided about a submission.

The pieces of the OpenReview importer (:mod:`proceedings.importers.openreview`) that read one
note and decide whether it is imported; its authors are read by
:mod:`~proceedings.importers.openreview.people`, and :mod:`~proceedings.importers.openreview.papers`
makes the accepted paper's ``paper.yaml``. They are kept here together because every other
OpenReview module builds on them. API v1 and v2 differ in shape more than in meaning: v2 wraps
every content field as ``{"value": ...}`` and lists its ``invitations``, v1 gives plain values
and one ``invitation``; :func:`value` and :func:`invitations` read both, so nothing else needs
to know the version.

What was decided is spread over several places, newest first: v2's ``content.venueid`` (the
venue's id once accepted, ``.../Withdrawn_Submission``, ``.../Desk_Rejected_Submission``,
``.../Rejected_Submission`` or still ``.../Submission``), the submission's own invitation (v1
moved withdrawn papers to ``.../-/Withdrawn_Submission``), and the replies: ``Withdrawal``,
``Desk_Rejection`` and ``Decision`` notes with ``content.decision`` such as ``Accept (Oral)``.
:func:`decide` reads them in that order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from proceedings.importers.text import clean_text
from proceedings.names import fold

__all__ = [
    "KINDS",
    "VenueIds",
    "Verdict",
    "as_text",
    "decide",
    "invitations",
    "is_submission",
    "value",
]

Note = Mapping[str, Any]
"""An OpenReview note: a submission, or a reply in its forum."""

# How accepted papers were presented, in the order their parts are printed.
KINDS = ("oral", "spotlight", "talk", "poster")
_KIND = re.compile(r"\b(oral|spotlight|talk|poster)s?\b")
_NON_ARCHIVAL = re.compile(r"\bnon[\s_-]?archival\b")
_YES = frozenset({"yes", "true", "y", "1"})
_NO = frozenset({"no", "false", "n", "0"})


# --- reading notes of either API version ------------------------------------------------------


def value(content: Any, key: str) -> Any:
    """A content field: API v2's ``{"value": x}`` unwrapped, v1's ``x`` as is; ``None`` if absent.

    A v2 field hidden from the exporter (``{"readers": [...]}`` without a value) is absent too.
    """
    if not isinstance(content, Mapping):
        return None
    item = content.get(key)
    if isinstance(item, Mapping):
        return item.get("value")
    return item


def invitations(note: Note) -> list[str]:
    """The note's invitations: v2's ``invitations`` list or v1's single ``invitation``."""
    found = [i for i in note.get("invitations") or () if isinstance(i, str)]
    if isinstance(note.get("invitation"), str):
        found.append(note["invitation"])
    return found


def is_submission(note: Note) -> bool:
    """A submission opens its own forum; reviews, decisions and comments reply inside one."""
    return not note.get("replyto") and note.get("forum") in (None, "", note.get("id"))


def _tail(invitation: str) -> str:
    """``Venue/Submission17/-/Decision`` -> ``Decision``; ``Venue/-/Paper36/Decision`` too."""
    return invitation.rstrip("/").rsplit("/", 1)[-1]


def _modified(note: Note) -> int:
    """When the note last changed (ms): v1 ``tmdate``, v2 ``mdate``, else its creation."""
    for key in ("tmdate", "mdate", "tcdate", "cdate"):
        if isinstance(note.get(key), int):
            return int(note[key])
    return 0


def as_text(raw: Any) -> str:
    """A content value as one text: a list (v2 checkboxes) joined, anything else as written."""
    if isinstance(raw, list):
        return " ".join(str(item) for item in raw)
    return "" if raw is None or isinstance(raw, Mapping) else str(raw)


# --- what was decided -----------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What the export says about a submission.

    ``accepted`` papers are imported; any other is skipped for ``reason``. ``decided`` is false
    when the export says nothing at all (no venueid, no decision), so that an export of accepted
    papers only can still be imported. ``kind`` is how an accepted paper is presented (one of
    :data:`KINDS`), ``archival`` false for a non-archival paper.
    """

    accepted: bool
    reason: str = ""
    kind: str | None = None
    archival: bool = True
    decided: bool = True


@dataclass(frozen=True)
class VenueIds:
    """The venue's own names for its decisions, from its group (``withdrawn_venue_id``...)."""

    withdrawn: str | None = None
    desk_rejected: str | None = None
    rejected: str | None = None
    submitted: str | None = None
    decision: str = "Decision"
    decision_field: str = "decision"

    @classmethod
    def of(cls, group: Mapping[str, Any] | None) -> VenueIds:
        """The ids a v2 venue group's content gives; the usual names when there is none."""
        content = (group or {}).get("content")

        def text(key: str) -> str | None:
            found = value(content, key)
            return found if isinstance(found, str) and found.strip() else None

        return cls(
            withdrawn=text("withdrawn_venue_id"),
            desk_rejected=text("desk_rejected_venue_id"),
            rejected=text("rejected_venue_id"),
            submitted=text("submission_venue_id"),
            decision=text("decision_name") or "Decision",
            decision_field=text("decision_field_name") or "decision",
        )


def _venue_state(venueid: str, venue: VenueIds) -> str:
    """``withdrawn``, ``desk-rejected``, ``rejected``, ``submitted`` or ``accepted``."""
    last = _tail(venueid)
    if venueid == venue.withdrawn or re.fullmatch(r"Withdrawn(_\w+)?", last):
        return "withdrawn"
    if venueid == venue.desk_rejected or re.fullmatch(r"Desk_Rejected(_\w+)?", last):
        return "desk-rejected"
    if venueid == venue.rejected or re.fullmatch(r"Rejected(_\w+)?", last):
        return "rejected"
    if venueid == venue.submitted or re.fullmatch(r"(Blind_)?Submission", last):
        return "submitted"
    return "accepted"


def _kind(text: str, *, trailing: bool = False) -> str | None:
    """Oral, poster...: anywhere in a decision, only as the last word of a venue text."""
    folded = _NON_ARCHIVAL.sub(" ", fold(text)).strip(" ()-–—:,")
    match = _KIND.search(folded.rsplit(" ", 1)[-1] if trailing else folded)
    return match.group(1) if match else None


def _archival(content: Any, texts: Iterable[str]) -> bool:
    """False when a decision or venue text says non-archival, or a content field does.

    Venues ask in their own words: ``archival_status: Non-archival``, ``non_archival: true``,
    ``archival: No``, a checkbox list. A field whose name starts with ``non`` is read negated.
    """
    if any(_NON_ARCHIVAL.search(fold(text)) for text in texts):
        return False
    for key in content if isinstance(content, Mapping) else ():
        folded_key = fold(str(key)).replace("-", "_")
        if "archival" not in folded_key:
            continue
        raw = value(content, key)
        text = fold(as_text(raw)).strip()
        if _NON_ARCHIVAL.search(text):
            return False
        if isinstance(raw, bool):
            flag = raw
        elif text in _YES or text == "archival":
            flag = True
        elif text in _NO:
            flag = False
        else:
            continue
        return not flag if folded_key.startswith("non") else flag
    return True


def _classify(decision: str) -> str | None:
    """A decision's text -> ``accepted``, ``rejected``, ``desk-rejected``, ``withdrawn``."""
    folded = fold(decision)
    if "reject" in folded:
        return "desk-rejected" if "desk" in folded else "rejected"
    if "withdr" in folded:
        return "withdrawn"
    if "accept" in folded:
        return "accepted"
    return None


def _decision(replies: Sequence[Note], venue: VenueIds) -> str:
    """The text of the newest Decision reply (a decision may be revised), or ``""``."""
    names = {venue.decision, "Decision"}
    decisions = [r for r in replies if any(_tail(i) in names for i in invitations(r))]
    if not decisions:
        return ""
    newest = max(decisions, key=_modified)
    return clean_text(as_text(value(newest.get("content"), venue.decision_field)))


def decide(note: Note, replies: Sequence[Note], venue: VenueIds) -> Verdict:
    """Whether the submission was accepted, how it is presented and whether it is archival."""
    content = note.get("content")
    venue_text = clean_text(as_text(value(content, "venue")))
    decision = _decision(replies, venue)

    def accepted() -> Verdict:
        kind = _kind(decision) or _kind(venue_text, trailing=True)
        return Verdict(True, "", kind, _archival(content, (decision, venue_text)))

    if note.get("ddate"):
        return Verdict(False, "deleted on OpenReview (the note has a ddate)")
    venueid = value(content, "venueid")
    if isinstance(venueid, str) and venueid.strip():
        state = _venue_state(venueid.strip(), venue)
        if state == "accepted":
            return accepted()
        if state != "submitted":
            return Verdict(False, f"{state} (venueid {venueid})")
    # v1 moved withdrawn papers to another invitation; v2 lists every invitation a note was ever
    # edited with (a withdrawal since reverted too), so there only the venueid counts.
    for invitation in () if venueid else invitations(note):
        last = _tail(invitation)
        if re.fullmatch(r"Withdrawn_\w+", last):
            return Verdict(False, f"withdrawn (invitation {invitation})")
        if re.fullmatch(r"Desk_Rejected_\w+", last):
            return Verdict(False, f"desk-rejected (invitation {invitation})")
    for reply in replies:
        for invitation in invitations(reply):
            last = _tail(invitation)
            if re.fullmatch(r"Withdraw(al|n)?", last):
                return Verdict(False, f"withdrawn (reply {reply.get('id')}: {last})")
            if re.fullmatch(r"Desk_Reject(ion|ed)?", last):
                return Verdict(False, f"desk-rejected (reply {reply.get('id')}: {last})")
    if decision:
        outcome = _classify(decision)
        if outcome == "accepted":
            return accepted()
        if outcome is not None:
            return Verdict(False, f"{outcome} (decision '{decision}')")
        return Verdict(False, f"decision '{decision}' is neither an acceptance nor a rejection")
    if isinstance(venueid, str) and venueid.strip():
        return Verdict(False, f"no decision yet (venueid {venueid})")
    return Verdict(False, "no decision (no venueid and no Decision reply)", decided=False)
