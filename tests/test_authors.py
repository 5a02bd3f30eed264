"""One grouping of bylines into people, shared by the PDF's and the site's author index."""

from __future__ import annotations

import dataclasses

import pytest

from proceedings.authors import AuthorGroup, group_authors
from proceedings.layout import compute_layout
from proceedings.model import Paper, Person, Volume
from proceedings.pdf.frontmatter import _index_entries
from proceedings.site.people import author_anchors, author_index, byline_key

JAN = "0000-0000-7283-0573"
OTHER = "0000-0002-1825-0097"


def person(given: str, family: str, orcid: str | None = None) -> Person:
    return Person(given=given, family=family, orcid=orcid)


@pytest.fixture(scope="module")
def template(demo_volume: Volume) -> Paper:
    return demo_volume.archival_papers[0]


def paper(template: Paper, paper_id: str, *authors: Person, archival: bool = True) -> Paper:
    info = template.info.model_copy(update={"authors": authors, "archival": archival})
    return dataclasses.replace(template, id=paper_id, info=info)


def names(groups: list[AuthorGroup]) -> list[tuple[str, str | None]]:
    return [(g.person.name.inverted, g.orcid_id) for g in groups]


def test_one_orcid_is_one_person_however_spelt(template: Paper) -> None:
    """This test ensures that bylines sharing an iD are one group, represented by the first
    spelling met, with every byline as a member and the papers in the order given."""
    jan = person("Jan", "van der Berg", JAN)
    short = person("J.", "van der Berg", f"https://orcid.org/{JAN}")
    papers = [paper(template, "b", short), paper(template, "a", jan), paper(template, "c", jan)]
    [group] = group_authors(papers)
    assert group.person == short
    assert [p.id for p in group.papers] == ["b", "a", "c"]
    assert group.members == (("b", short), ("a", jan), ("c", jan))
    assert ("a", jan) in group


def test_unidentified_name_joins_the_one_person_of_that_name(template: Paper) -> None:
    """This test ensures that a byline without an iD joins the only identified person who has
    that name in some byline, and that the identified byline represents the group."""
    bare = person("J.", "van der Berg")
    jan = person("Jan", "van der Berg", JAN)
    short = person("J.", "van der Berg", JAN)
    papers = [paper(template, "1", bare), paper(template, "2", jan), paper(template, "3", short)]
    [group] = group_authors(papers)
    assert group.person == jan
    assert [m[0] for m in group.members] == ["1", "2", "3"]


def test_namesakes_with_different_orcids_stay_apart(template: Paper) -> None:
    """This test ensures that two iDs are two people under one name, that a byline of that name
    without an iD is then a third entry, and that the three are in a fixed order."""
    a, b = person("Wei", "Wang", OTHER), person("Wei", "Wang", JAN)
    bare = person("Wei", "Wang")
    papers = [paper(template, "1", bare, a), paper(template, "2", b), paper(template, "3", bare)]
    groups = group_authors(papers)
    assert names(groups) == [("Wang, Wei", JAN), ("Wang, Wei", OTHER), ("Wang, Wei", None)]
    assert [p.id for p in groups[2].papers] == ["1", "3"]
    assert names(group_authors(reversed(papers))) == names(groups)


def test_unidentified_names_group_by_name_as_written(template: Paper) -> None:
    """This test ensures that bylines without iDs are one person per inverted name, spellings
    apart, and that groups come in Name.sort_key order (particles count: van der Berg under V)."""
    papers = [
        paper(template, "1", person("Jan", "van der Berg"), person("Zoë", "Müller")),
        paper(template, "2", person("Zoe", "Müller"), person("Jan", "van der Berg")),
        paper(template, "3", person("Omar", "al-Hassan")),
    ]
    groups = group_authors(papers)
    assert names(groups) == [
        ("al-Hassan, Omar", None),
        ("Müller, Zoe", None),
        ("Müller, Zoë", None),
        ("van der Berg, Jan", None),
    ]
    assert [p.id for p in groups[-1].papers] == ["1", "2"]


def test_pdf_and_site_agree_on_the_repro(demo_volume: Volume, template: Paper) -> None:
    """This test ensures that "J. van der Berg" with Jan's iD is one entry in the PDF's index
    and one on the site, and that both bylines link to that entry's anchor."""
    jan = next(a for a in template.info.authors if a.orcid_id == JAN)
    short = jan.model_copy(update={"given": "J."})
    extra = paper(template, "900", short)
    volume = dataclasses.replace(demo_volume, papers=(*demo_volume.papers, extra))
    layout = compute_layout(volume, {p.id: 10 for p in volume.papers})

    pdf = [(p.name.inverted, p.orcid_id) for p, _ in _index_entries(volume, layout)]
    site_all = author_index(volume)
    site = author_index(dataclasses.replace(volume, papers=volume.archival_papers))
    assert pdf == [(e.person.name.inverted, e.person.orcid_id) for e in site]
    [entry] = [e for e in site_all if e.person.orcid_id == JAN]
    assert [p.id for p in entry.papers] == [template.id, "900"]
    anchors = author_anchors(site_all)
    assert anchors[byline_key(template, jan)] == entry.anchor == "author-van-der-berg-jan"
    assert anchors[byline_key(extra, short)] == entry.anchor


def test_site_links_namesakes_on_one_paper_to_their_own_entries(
    demo_volume: Volume, template: Paper
) -> None:
    """This test ensures that two people of one name on one paper, told apart by their iDs,
    each link to their own entry, and that every byline of the volume has an anchor."""
    a, b = person("Wei", "Wang", OTHER), person("Wei", "Wang", JAN)
    both = paper(template, "900", a, b, archival=False)
    volume = dataclasses.replace(demo_volume, papers=(*demo_volume.papers, both))
    index = author_index(volume)
    anchors = author_anchors(index)
    assert anchors[byline_key(both, a)] != anchors[byline_key(both, b)]
    for entry in index:
        for paper_id, author in entry.group.members:
            assert anchors[byline_key(paper_id, author)] == entry.anchor
    assert all(byline_key(p, a) in anchors for p in volume.papers for a in p.info.authors)
    assert len({e.anchor for e in index}) == len(index)
