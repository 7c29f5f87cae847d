"""The organisation file: several municipalities in one file, and whose chiefs "Alle chefer" means."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nlp.errors import OrganisationError
from nlp.organisation import EntityKind, load_organisation, parse_organisation

ROOT = Path(__file__).resolve().parents[2]


def two_towns(**overrides: Any) -> dict[str, Any]:
    """A file with two municipalities; ``overrides`` replace whole sections."""
    data: dict[str, Any] = {
        "units": [
            {"name": "Vej & Park", "organisation": "Nordby", "aliases": ["VP"]},
            {"name": "Skole", "organisation": "Nordby"},
            {"name": "Center for Kultur", "organisation": "Sydby", "aliases": ["CK"]},
        ],
        "forums": [
            {"name": "Chefgruppen Nord", "organisation": "Nordby", "aliases": ["CGN"]},
            {"name": "Direktionen Syd", "organisation": "Sydby"},
        ],
        "roles": [{"name": "Borgmesteren"}],
        "people": [{"name": "Ida", "organisation": "Nordby", "unit": "Skole"}],
    }
    data.update(overrides)
    return data


def names(entities: list[Any]) -> list[str]:
    return [e.name for e in entities]


def test_units_of_a_forum_are_those_of_its_organisation_by_any_alias() -> None:
    org = parse_organisation(two_towns())
    assert names(org.units_of("Chefgruppen Nord")) == ["Vej & Park", "Skole"]
    assert names(org.units_of("cgn")) == ["Vej & Park", "Skole"]
    assert names(org.units_of("Direktionen Syd")) == ["Center for Kultur"]
    ida, mayor = org.lookup("Ida"), org.lookup("Borgmesteren")
    assert ida is not None and ida.organisation == "Nordby"
    assert mayor is not None and mayor.organisation is None


@pytest.mark.parametrize("forum", [None, "", "Et ukendt udvalg", "Borgmesteren"])
def test_unknown_forum_or_one_without_organisation_means_every_unit(forum: str | None) -> None:
    org = parse_organisation(two_towns())
    assert names(org.units_of(forum)) == ["Vej & Park", "Skole", "Center for Kultur"]


def test_a_file_without_organisations_fans_out_to_every_unit() -> None:
    org = parse_organisation(
        {"units": [{"name": "A"}, {"name": "B"}], "forums": [{"name": "Chefforum"}], "roles": [{"name": "R"}]}
    )
    assert names(org.units_of("Chefforum")) == ["A", "B"]
    assert all(e.organisation is None for e in org)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"forums": [{"name": "Chefgruppen Nord"}, {"name": "Direktionen Syd", "organisation": "Sydby"}]},
            r"forums\[1\] \(Chefgruppen Nord\) has no organisation",
        ),
        (
            {"units": [{"name": "Vej & Park", "organisation": "Nordby"}, {"name": "Skole"}]},
            r"units\[2\] \(Skole\) has no organisation",
        ),
        (
            {"forums": [{"name": "Chefgruppen Nord", "organisation": "Nordbyy"}]},
            r"forums\[1\] \(Chefgruppen Nord\)\.organisation 'Nordbyy' has no units \(known: Nordby, Sydby\)",
        ),
        (
            {"people": [{"name": "Ida", "organisation": "Sydby", "unit": "Skole"}]},
            r"people\[1\] \(Ida\)\.organisation is 'Sydby' but its unit 'Skole' belongs to 'Nordby'",
        ),
        (
            {"roles": [{"name": "Borgmesteren", "organisation": "  "}]},
            r"roles\[1\] \(Borgmesteren\)\.organisation must be a non-empty string",
        ),
        (
            {"roles": [{"name": "Borgmesteren", "organisation": 3}]},
            r"organisation must be a non-empty string, got 3",
        ),
    ],
)
def test_organisation_mistakes_name_the_entry(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(OrganisationError, match=message) as caught:
        parse_organisation(two_towns(**overrides), "org.toml")
    assert str(caught.value).startswith("org.toml: ")


def test_demo_file_splits_albertslund_and_hoeje_taastrup() -> None:
    org = load_organisation(ROOT / "data" / "organisation.toml")
    albertslund = names(org.units_of("Chefforum"))
    htk = names(org.units_of("Direktionen"))
    assert {"Økonomi & Stab", "Miljø & Teknik", "Sundhed"} <= set(albertslund)
    assert htk == ["CBA", "SPC", "CEIS", "SAC", "ØAC"]
    assert not set(albertslund) & set(htk)
    assert sorted(albertslund + htk) == sorted(names(org.units))
    assert names(org.units_of("Referat fra et andet sted")) == names(org.units)
    forums = org.of_kind(EntityKind.FORUM)
    assert forums and all(f.organisation in {"Albertslund", "Høje-Taastrup"} for f in forums)
