"""The workshop pages' JSON data -> docutils nodes: call, dates, keynotes, awards, organization
with photos, past editions, and the home page's lead in each phase.

As in :mod:`.directives`, every value from the model becomes a ``Text`` node (escaped by the
HTML writer) or Markdown through the closed parser of :mod:`.markdown`. The one piece of markup
written here is a date's ``<time datetime="...">`` element, which the countdown script reads
(and which says what a date is to any reader): its text is escaped, and its ``datetime`` is
made from a parsed date, never from the file's text.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes

from proceedings.site.directives import (
    HomeDirective,
    OrganizationDirective,
    _badge,
    _DataDirective,
    _paragraph,
    _people,
    external,
    heading,
    site_link,
)
from proceedings.site.markdown import parse_markdown
from proceedings.site.pages import AWARDS, CALL, DATES, HISTORY, KEYNOTES

_STATES = {"upcoming": "Upcoming", "extended": "Extended", "passed": "Passed"}


def time_node(text: str, iso: str) -> nodes.raw:
    """``<time datetime="2025-05-28T11:59:00Z">May 27, 2025, 23:59 AoE</time>``, escaped."""
    markup = f'<time datetime="{html.escape(iso)}">{html.escape(text)}</time>'
    return nodes.raw("", markup, format="html")


def _markdown(text: str, cls: str) -> list[nodes.Node]:
    return [nodes.container("", *parse_markdown(text), classes=[cls])] if text.strip() else []


def _countdown(date: dict[str, Any]) -> nodes.paragraph:
    """The next deadline in words; the script adds the time left, read off the browser's clock
    (without the script, the date stays, which is all a reader needs)."""
    line = _paragraph("Next deadline: ", classes=["proceedings-countdown"])
    line += nodes.strong("", date["title"])
    line += nodes.Text(", ")
    line += time_node(date["when"], date["iso"])
    if date["was"]:
        line += nodes.Text(f" (extended from {date['was']})")
    line += nodes.Text(".")
    return line


def _dates(dates: list[dict[str, Any]]) -> nodes.bullet_list:
    items = []
    for date in dates:
        line = _paragraph(nodes.strong("", date["title"]), ": ")
        line += time_node(date["when"], date["iso"])
        if date["was"]:
            line += nodes.Text(" ")
            line += nodes.inline("", f"(was {date['was']})", classes=["proceedings-was"])
        line += [nodes.Text(" "), _badge(_STATES[date["state"]], date["state"])]
        if date.get("url"):
            line += [nodes.Text(" "), external("More", date["url"])]
        items.append(nodes.list_item("", line, classes=[f"proceedings-date-{date['state']}"]))
    return nodes.bullet_list("", *items, classes=["proceedings-dates"])


def _contact(contact: dict[str, Any] | None) -> list[nodes.Node]:
    if not contact or not (contact["email"] or contact["url"]):
        return []
    line = _paragraph(classes=["proceedings-contact"])  # under the heading "Contact"
    if contact["text"]:
        line += nodes.Text(f"{contact['text']}: ")
    if contact["email"]:
        line += external(contact["email"], f"mailto:{contact['email']}")
    if contact["url"]:
        if contact["email"]:
            line += nodes.Text(", ")
        line += external(contact["url"], contact["url"])
    line += nodes.Text(".")
    return [heading("Contact"), line]


def _photo(person: dict[str, Any]) -> list[nodes.Node]:
    if not person.get("photo"):
        return []
    return [
        nodes.image(
            "", uri=person["photo"], alt=f"Photo of {person['name']}", classes=["proceedings-photo"]
        )
    ]


def _card(person: dict[str, Any]) -> nodes.list_item:
    """A person with a photo: photo, name (linked to their page), affiliations."""
    name: nodes.Node = nodes.strong("", person["name"])
    if person.get("url"):
        name = external("", person["url"])
        name += nodes.strong("", person["name"])
    item = nodes.list_item("", *_photo(person), _paragraph(name))
    if person.get("affiliations"):
        item += _paragraph("; ".join(person["affiliations"]), classes=["proceedings-affiliation"])
    return item


class WorkshopHomeDirective(HomeDirective):
    """The home page, led by what the phase asks for: the call and its next deadline, the
    program, or the proceedings (with a word about the workshop after them)."""

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        lead = data.get("workshop")
        if not lead:
            return super().render(data)
        out: list[nodes.Node] = []
        if lead["phase"] != "proceedings":
            out += _markdown(lead["about"], "proceedings-about")
        if lead["next"]:
            out.append(_countdown(lead["next"]))
        actions = _paragraph(classes=["proceedings-actions"])
        if lead["submit"]:
            actions += external("Submit a paper", lead["submit"], ["proceedings-button"])
            actions += nodes.Text(" ")
        for label, doc in lead["links"]:
            link = site_link(label, doc)
            link["classes"].append("proceedings-button")
            actions += [link, nodes.Text(" ")]
        if lead["calendar"]:
            link = site_link("Calendar (.ics)", file=lead["calendar"])
            link["classes"].append("proceedings-button")
            actions += link
        out.append(actions)
        volume = super().render(data)  # ends with the heading of the contents
        if lead["phase"] == "call":  # nothing is published yet: the volume's facts wait
            return [*out, *_contact(lead["contact"]), volume[-1]]
        if lead["phase"] == "program":
            return [*out, *_contact(lead["contact"]), *volume]
        about = [heading("The workshop"), *_markdown(lead["about"], "proceedings-about")]
        return [*volume[:-1], *about, *out, *_contact(lead["contact"]), volume[-1]]


class CallDirective(_DataDirective):
    """The call for papers: scope, topics, how to submit, dates, other calls, contact."""

    def page(self, argument: str | None) -> str:
        return CALL

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = _markdown(data["about"], "proceedings-about")
        if data["topics"]:
            out.append(heading("Topics"))
            items = [nodes.list_item("", _paragraph(t)) for t in data["topics"]]
            out.append(nodes.bullet_list("", *items, classes=["proceedings-topics"]))
        if data["text"].strip() or data["submit"]:
            out.append(heading("Submissions"))
            out += _markdown(data["text"], "proceedings-call-text")
        if data["submit"]:
            line = _paragraph(classes=["proceedings-actions"])
            line += external("Submit a paper", data["submit"], ["proceedings-button"])
            out.append(line)
        if data["dates"]:
            out.append(heading("Important dates"))
            out.append(_dates(data["dates"]))
            out.append(_paragraph(site_link("All dates and their time zones", DATES), "."))
        for call in data["calls"]:
            out.append(heading(call["title"]))
            out += _markdown(call["text"], "proceedings-call-text")
            if call["url"]:
                out.append(_paragraph(external("The call", call["url"]), "."))
            if call["dates"]:
                out.append(_dates(call["dates"]))
        out += _contact(data["contact"])
        return out


class DatesDirective(_DataDirective):
    """The important dates, each with its zone and state; the next one with a countdown."""

    def page(self, argument: str | None) -> str:
        return DATES

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        if data["next"]:
            out.append(_countdown(data["next"]))
        out.append(
            _paragraph(
                "A deadline given as a day ends at 23:59 Anywhere on Earth "
                "(AoE, UTC\N{MINUS SIGN}12): while it is that day anywhere, there is still time."
            )
        )
        out.append(_dates(data["dates"]))
        out.append(
            _paragraph(site_link("Add the dates to your calendar (.ics)", file=data["calendar"]))
        )
        return out


class KeynotesDirective(_DataDirective):
    """The keynotes: speaker (photo, affiliation, bio), talk title, abstract, slides, video."""

    def page(self, argument: str | None) -> str:
        return KEYNOTES

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for keynote in data["keynotes"]:
            speaker = keynote["speaker"]
            section = nodes.container("", classes=["proceedings-keynote"], ids=[keynote["anchor"]])
            section += heading(speaker["name"])
            section += _photo(speaker)
            if speaker["affiliations"]:
                section += _paragraph(
                    "; ".join(speaker["affiliations"]), classes=["proceedings-affiliation"]
                )
            title = keynote["title"] or "Title to be announced"
            section += _paragraph(nodes.strong("", title), classes=["proceedings-talk"])
            section += _markdown(keynote["abstract"], "abstract")
            if keynote["links"] or speaker["url"]:
                line = _paragraph(classes=["proceedings-actions"])
                links = [
                    *keynote["links"],
                    *([["Speaker's page", speaker["url"]]] if speaker["url"] else []),
                ]
                for label, url in links:
                    line += [external(label, url, ["proceedings-button"]), nodes.Text(" ")]
                section += line
            section += _markdown(speaker["bio"], "proceedings-bio")
            out.append(section)
        return out


class AwardsDirective(_DataDirective):
    """The awards: each with its note, its papers (linked) and its people."""

    def page(self, argument: str | None) -> str:
        return AWARDS

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for award in data["awards"]:
            out.append(heading(award["name"]))
            out += _markdown(award["note"], "proceedings-award-note")
            if award["papers"]:
                items = []
                for paper in award["papers"]:
                    title: nodes.Node = (
                        site_link(paper["title"], paper["doc"])
                        if paper["doc"]
                        else nodes.Text(paper["title"])
                    )
                    items.append(
                        nodes.list_item(
                            "",
                            _paragraph(title, classes=["proceedings-title"]),
                            _paragraph(", ".join(paper["authors"]), classes=["proceedings-byline"]),
                        )
                    )
                out.append(nodes.bullet_list("", *items, classes=["proceedings-papers"]))
            if award["people"]:
                out.append(_people(award["people"]))
        return out


class WorkshopOrganizationDirective(OrganizationDirective):
    """The workshop's people with their photos, then the committees."""

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for group in data.get("groups", ()):
            out.append(heading(group["role"]))
            cards = [_card(p) for p in group["people"]]
            out.append(nodes.bullet_list("", *cards, classes=["proceedings-cards"]))
        return [*out, *super().render(data)]


class HistoryDirective(_DataDirective):
    """The past editions, newest first, with their sites and proceedings."""

    def page(self, argument: str | None) -> str:
        return HISTORY

    def render(self, data: dict[str, Any]) -> list[nodes.Node]:
        items = []
        for edition in data["editions"]:
            name: nodes.Node = nodes.strong("", edition["name"])
            if edition["url"]:
                name = external("", edition["url"])
                name += nodes.strong("", edition["name"])
            line = _paragraph(name)
            if edition["venue"]:
                line += nodes.Text(f", {edition['venue']}")
            if edition["proceedings"]:
                line += [
                    nodes.Text(" ("),
                    external("proceedings", edition["proceedings"]),
                    nodes.Text(")"),
                ]
            items.append(nodes.list_item("", line))
        return [nodes.bullet_list("", *items, classes=["proceedings-history"])]


EVENT_DIRECTIVES: dict[str, type[_DataDirective]] = {
    "proceedings-home": WorkshopHomeDirective,
    "proceedings-call": CallDirective,
    "proceedings-dates": DatesDirective,
    "proceedings-keynotes": KeynotesDirective,
    "proceedings-awards": AwardsDirective,
    "proceedings-organization": WorkshopOrganizationDirective,
    "proceedings-history": HistoryDirective,
}
"""The workshop's directives; the home page's and the organization's replace the volume's."""
