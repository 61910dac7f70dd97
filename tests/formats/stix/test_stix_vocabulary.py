"""The fixed parts of the STIX mapping: timestamps, ids, TLP markings, confidence scales."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stix2.confidence import scales

from cdtoolbox.formats.stix.identifiers import is_stix_id, stix_id
from cdtoolbox.formats.stix.timestamps import format_timestamp, parse_timestamp
from cdtoolbox.formats.stix.vocabulary import (
    CONFIDENCE_TO_STIX,
    LIKELIHOOD_TO_STIX,
    TLP2_MARKING_IDS,
    TLP_BY_MARKING_ID,
    confidence_from_stix,
    likelihood_from_stix,
    stix_confidence,
)
from cdtoolbox.model import Confidence, Likelihood, Tlp
from cdtoolbox.model.exchange import stix_sort_key

# The DNI scale of STIX 2.1 Appendix A.5 as the stix2 library names its bands.
DNI_WORDS = {
    Likelihood.ALMOST_NO_CHANCE: "Almost No Chance / Remote",
    Likelihood.VERY_UNLIKELY: "Very Unlikely / Highly Improbable",
    Likelihood.UNLIKELY: "Unlikely / Improbable",
    Likelihood.ROUGHLY_EVEN_CHANCE: "Roughly Even Chance / Roughly Even Odds",
    Likelihood.LIKELY: "Likely / Probable",
    Likelihood.VERY_LIKELY: "Very Likely / Highly Probable",
    Likelihood.ALMOST_CERTAIN: "Almost Certain / Nearly Certain",
}
LEVEL_WORDS = {Confidence.LOW: "Low", Confidence.MODERATE: "Med", Confidence.HIGH: "High"}


@pytest.mark.parametrize("likelihood", list(Likelihood))
def test_likelihoods_use_the_dni_scale_of_appendix_a5(likelihood: Likelihood) -> None:
    assert LIKELIHOOD_TO_STIX[likelihood] == scales.dni_to_value(DNI_WORDS[likelihood])


@pytest.mark.parametrize("confidence", list(Confidence))
def test_confidence_uses_the_none_low_med_high_scale_of_appendix_a1(
    confidence: Confidence,
) -> None:
    assert CONFIDENCE_TO_STIX[confidence] == scales.none_low_med_high_to_value(
        LEVEL_WORDS[confidence]
    )


@given(st.integers(min_value=0, max_value=100))
def test_reading_a_value_follows_the_bands_of_the_appendix(value: int) -> None:
    assert DNI_WORDS[likelihood_from_stix(value)] == scales.value_to_dni(value)
    expected = scales.value_to_none_low_medium_high(value)
    assert LEVEL_WORDS[confidence_from_stix(value)] == ("Low" if expected == "None" else expected)


def test_likelihood_wins_over_confidence_and_neither_gives_none() -> None:
    assert stix_confidence(Likelihood.VERY_LIKELY, Confidence.LOW) == 85
    assert stix_confidence(None, Confidence.HIGH) == 85
    assert stix_confidence(None, Confidence.LOW) == 15
    assert stix_confidence(None, None) is None


def test_the_five_tlp_2_markings_are_the_oasis_ids() -> None:
    assert TLP2_MARKING_IDS[Tlp.RED] == "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
    assert TLP2_MARKING_IDS[Tlp.CLEAR] == (
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
    )
    assert {TLP_BY_MARKING_ID[marking] for marking in TLP2_MARKING_IDS.values()} == set(Tlp)


def test_tlp_1_white_is_read_as_clear() -> None:
    assert (
        TLP_BY_MARKING_ID["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"] is Tlp.CLEAR
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-05-12T08:00:00.000Z", datetime(2017, 5, 12, 8, tzinfo=UTC)),
        ("2017-05-12T08:00:00Z", datetime(2017, 5, 12, 8, tzinfo=UTC)),
        ("2017-05-12T08:00:00.123456789Z", datetime(2017, 5, 12, 8, 0, 0, 123456, tzinfo=UTC)),
        ("2017-05-12T08:00:00.5Z", datetime(2017, 5, 12, 8, 0, 0, 500000, tzinfo=UTC)),
    ],
)
def test_stix_timestamps_are_read(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2017-05-12",
        "2017-05-12T08:00:00.000",
        "2017-05-12T08:00:00.000+00:00",
        "2017-05-12 08:00:00.000Z",
        "2017-02-30T08:00:00.000Z",
        "2017-05-12T25:00:00.000Z",
        "2017-05-12T08:00:00.0x0Z",
        "\uff12\uff1017-05-12T08:00:00.000Z",  # full-width digits
        17,
        None,
    ],
)
def test_anything_else_is_not_a_timestamp(text: object) -> None:
    assert parse_timestamp(text) is None


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_timestamps_round_trip_and_sort_in_time_order(moment: datetime) -> None:
    aware = moment.replace(tzinfo=UTC)
    text = format_timestamp(aware)
    assert parse_timestamp(text) == aware
    later = format_timestamp(aware.replace(microsecond=(aware.microsecond + 1) % 1_000_000))
    if parse_timestamp(later) > aware:  # type: ignore[operator]
        assert stix_sort_key(later) > stix_sort_key(text)


def test_stix_sort_key_orders_different_precisions_by_time() -> None:
    assert stix_sort_key("2020-01-01T00:00:00Z") < stix_sort_key("2020-01-01T00:00:00.001Z")
    assert stix_sort_key("2020-01-01T00:00:00.1Z") == stix_sort_key("2020-01-01T00:00:00.100Z")


def test_derived_ids_are_stable_v4_shaped_and_differ_by_namespace() -> None:
    first = uuid.UUID("11111111-1111-4111-8111-111111111111")
    second = uuid.UUID("22222222-2222-4222-8222-222222222222")
    one = stix_id(first, "incident", "912951bb-b82f-572a-80f6-189a6af4ab34")
    assert one == stix_id(first, "incident", "912951bb-b82f-572a-80f6-189a6af4ab34")
    assert one != stix_id(second, "incident", "912951bb-b82f-572a-80f6-189a6af4ab34")
    assert uuid.UUID(one.partition("--")[2]).version == 4
    assert is_stix_id(one, "incident")
    assert not is_stix_id(one, "intrusion-set")


@pytest.mark.parametrize(
    "value",
    [
        "incident--912951BB-b82f-472a-80f6-189a6af4ab34",
        "incident-912951bb-b82f-472a-80f6-189a6af4ab34",
        "incident--912951bb-b82f-472a-c0f6-189a6af4ab34",
        "--912951bb-b82f-472a-80f6-189a6af4ab34",
        "incident--",
        42,
    ],
)
def test_malformed_ids_are_refused(value: object) -> None:
    assert not is_stix_id(value)
