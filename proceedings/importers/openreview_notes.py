"""One OpenReview submission -> its verdict, its authors and a ``paper.yaml`` mapping.

The pieces of the OpenReview importer (:mod:`proceedings.importers.openreview`) that read one
note. API v1 and v2 differ in shape more than in meaning: v2 wraps every content field as
``{"value": ...}`` and lists its ``invitations``, v1 gives plain values and one ``invitation``;
:func:`value` and :func:`invitations` read both, so nothing else needs to know the version.

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

from proceedings.importers import unique
from proceedings.importers.notes import Note as NoteFn  # here a Note is an OpenReview note
from proceedings.importers.people import PROFILE
from proceedings.importers.text import clean_text, split_name
from proceedings.names import fold

__all__ = [
    "FORUM_URL",
    "KINDS",
    "Profiles",
    "VenueIds",
    "Verdict",
    "decide",
    "invitations",
    "is_submission",
    "read_paper",
    "value",
]

Note = Mapping[str, Any]
"""An OpenReview note: a submission, or a reply in its forum."""

FORUM_URL = "https://openreview.net/forum?id={}"
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


def _text(raw: Any) -> str:
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
        text = fold(_text(raw)).strip()
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
    return clean_text(_text(value(newest.get("content"), venue.decision_field)))


def decide(note: Note, replies: Sequence[Note], venue: VenueIds) -> Verdict:
    """Whether the submission was accepted, how it is presented and whether it is archival."""
    content = note.get("content")
    venue_text = clean_text(_text(value(content, "venue")))
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


# --- authors --------------------------------------------------------------------------------


def _names(profile: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    names = (profile.get("content") or {}).get("names") or ()
    return [n for n in names if isinstance(n, Mapping)]


class Profiles:
    """The profiles an export carries, found by any of their usernames, their id or e-mails."""

    def __init__(self, profiles: Iterable[Mapping[str, Any]]) -> None:
        self._by_key: dict[str, Mapping[str, Any]] = {}
        for profile in profiles:
            content = profile.get("content") or {}
            keys = [profile.get("id"), *(n.get("username") for n in _names(profile))]
            keys += [*(content.get("emails") or ()), content.get("preferredEmail")]
            for key in keys:
                if isinstance(key, str) and key.strip() and "*" not in key:  # masked e-mails
                    self._by_key.setdefault(key.strip().casefold(), profile)

    def get(self, authorid: str) -> Mapping[str, Any] | None:
        """The profile with this ``~Profile_Id1`` or e-mail, if the export carries it."""
        return self._by_key.get(authorid.strip().casefold())


def _full(name: Mapping[str, Any]) -> str:
    parts = (name.get("first"), name.get("middle"), name.get("last"))
    return clean_text(name.get("fullname")) or clean_text(" ".join(p for p in parts if p))


def profile_name(profile: Mapping[str, Any], written: str) -> dict[str, Any] | None:
    """The profile's own split of the name: the one matching ``written``, else the preferred.

    Profiles keep ``first``/``middle``/``last`` (older ones) or only ``fullname`` (newer ones,
    split here with :func:`split_name`). A person's profile may list former names; the one the
    paper shows is kept, so that a name changed since is not silently rewritten.
    """
    names = [n for n in _names(profile) if _full(n)]
    if not names:
        return None
    pick = next((n for n in names if fold(_full(n)) == fold(written)), None)
    pick = pick or next((n for n in names if n.get("preferred")), names[0])
    last = clean_text(pick.get("last"))
    if not last:
        return split_name(_full(pick))
    given = clean_text(" ".join(clean_text(pick.get(k)) for k in ("first", "middle")))
    return {"given": given, "family": last} if given else {"family": last, "mononym": True}


def _year(raw: Any) -> int:
    """The year a history entry gives (``2021``, ``"2021-09"``), 0 when it gives none."""
    match = re.match(r"\d{4}", str(raw or ""))
    return int(match.group(0)) if match else 0


def _affiliations(profile: Mapping[str, Any]) -> list[str]:
    """The institutions of the profile's current positions (else its latest one)."""
    history = [
        h
        for h in (profile.get("content") or {}).get("history") or ()
        if isinstance(h, Mapping) and isinstance(h.get("institution"), Mapping)
    ]
    current = [h for h in history if h.get("end") in (None, "")]
    if not current and history:
        current = [max(history, key=lambda h: _year(h.get("end")))]
    found: list[str] = []
    for entry in current:
        name = clean_text(entry["institution"].get("name"))
        if name and name not in found:
            found.append(name)
    return found


def _from_profile_id(authorid: str) -> str:
    """``~Ana_Muller1`` -> ``Ana Muller``: the name a profile id spells."""
    return clean_text(re.sub(r"\d+$", "", authorid.lstrip("~")).replace("_", " "))


def read_authors(note: Note, profiles: Profiles, note_fn: NoteFn) -> list[dict[str, Any]]:
    """The submission's authors, in order: names split, ``_profile`` and ``email`` kept."""
    key = str(note.get("id"))
    content = note.get("content")
    names = value(content, "authors")
    ids = value(content, "authorids")
    names = [clean_text(n) for n in names] if isinstance(names, list) else []
    ids = [clean_text(i) for i in ids] if isinstance(ids, list) else []
    if ids and len(ids) != len(names):
        note_fn(
            key,
            f"{len(names)} authors but {len(ids)} authorids; names and ids were paired in order",
        )
    authors = []
    for index in range(max(len(names), len(ids))):
        written = names[index] if index < len(names) else ""
        authorid = ids[index] if index < len(ids) else ""
        profile = profiles.get(authorid) if authorid else None
        name = profile_name(profile, written) if profile else None
        if name is None:
            if not written and authorid.startswith("~"):
                written = _from_profile_id(authorid)
                note_fn(key, f"author {index + 1} has no name; '{written}' read from {authorid}")
            if not written:
                note_fn(key, f"author {index + 1} has neither a name nor a profile; left out")
                continue
            name = split_name(written)
        if name.get("mononym"):
            note_fn(key, f"author '{written or name['family']}' has a single name; a mononym")
        author = dict(name)
        if profile is not None:
            orcid = clean_text((profile.get("content") or {}).get("orcid"))
            if orcid:
                author["orcid"] = orcid
        if "@" in authorid:
            author["email"] = authorid
        if profile is not None and (affiliations := _affiliations(profile)):
            author["affiliations"] = affiliations
        if authorid.startswith("~"):
            author[PROFILE] = authorid
        authors.append(author)
    return authors


# --- the paper ------------------------------------------------------------------------------

# Content fields read here or by the importer, and internal ones nobody prints.
USED_FIELDS = frozenset(
    {"title", "authors", "authorids", "abstract", "keywords", "pdf", "venue", "venueid"}
)
INTERNAL_FIELDS = frozenset({"paperhash", "_bibtex", "submission_length", "html"})


def _keywords(raw: Any) -> list[str]:
    """Keywords as a list (v2) or one text separated by commas or semicolons (some venues)."""
    items = raw if isinstance(raw, list) else re.split(r"[;,]", _text(raw))
    return unique(word for word in map(clean_text, items) if word)


def read_paper(
    note: Note, verdict: Verdict, part: str, order: int, profiles: Profiles, note_fn: NoteFn
) -> dict[str, Any]:
    """The accepted submission as a ``paper.yaml`` mapping, ``order``-th in ``part``."""
    key = str(note.get("id"))
    content = note.get("content")
    data: dict[str, Any] = {"title": clean_text(_text(value(content, "title")))}
    data["authors"] = read_authors(note, profiles, note_fn)
    if not data["authors"]:
        note_fn(key, "no authors (an anonymous export?); check will report metadata.no-authors")
    abstract = clean_text(_text(value(content, "abstract")), markdown=True)
    if abstract:
        data["abstract"] = abstract
    else:
        note_fn(key, "no abstract; check will report metadata.missing-abstract")
    keywords = _keywords(value(content, "keywords"))
    if keywords:
        data["keywords"] = keywords
    data["part"] = part
    data["order"] = order
    if not verdict.archival:
        data["archival"] = False
    data["links"] = {"openreview": FORUM_URL.format(note.get("forum") or key)}
    return data
