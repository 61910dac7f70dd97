"""Reading TAXII URL parameters into a query, and the `next` tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdtoolbox.errors import InvalidInput
from cdtoolbox.model import Tlp
from cdtoolbox.model.taxii import VersionMatch
from cdtoolbox.toolbox.taxii_query import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, next_token, read_query

NAMES = ("added_after", "limit", "next", "match[id]", "match[type]", "match[version]", "x")


def test_defaults_are_the_latest_version_of_everything_from_the_start() -> None:
    query = read_query({}, "objects", max_tlp=Tlp.AMBER)
    assert query.limit == DEFAULT_PAGE_SIZE
    assert query.after is None and query.ids == query.types == ()
    assert query.versions == VersionMatch(last=True)
    assert query.max_tlp is Tlp.AMBER
    assert read_query({}, "versions", max_tlp=Tlp.RED).versions.every
    assert read_query({}, "delete", max_tlp=Tlp.RED).versions.every


def test_filters_are_read_and_fields_an_endpoint_does_not_take_are_ignored() -> None:
    parameters = {
        "match[type]": ["indicator,malware"],
        "match[id]": ["indicator--1"],
        "match[version]": ["first,2026-01-02T03:04:05.6Z"],
        "match[spec_version]": ["2.1"],
        "match[unknown]": ["x"],
        "limit": ["50000"],
    }
    query = read_query(parameters, "objects", max_tlp=Tlp.RED)
    assert query.types == ("indicator", "malware")
    assert query.ids == ("indicator--1",)
    assert query.spec_versions == ("2.1",)
    assert query.versions == VersionMatch(
        last=False, first=True, timestamps=("2026-01-02T03:04:05.600000000Z",)
    )
    assert query.limit == MAX_PAGE_SIZE  # a larger limit is cut to the server's page size
    single = read_query(parameters, "object", max_tlp=Tlp.RED)
    assert single.types == () and single.ids == ()


def test_long_lists_are_refused_and_repeated_types_asked_once() -> None:
    many_types = ",".join(f"x-type-{n}" for n in range(101))
    with pytest.raises(InvalidInput, match="may list at most 100"):
        read_query({"match[type]": [many_types]}, "objects", max_tlp=Tlp.RED)
    many_ids = ",".join(f"indicator--{n}" for n in range(1001))
    with pytest.raises(InvalidInput, match="may list at most 1000"):
        read_query({"match[id]": [many_ids]}, "objects", max_tlp=Tlp.RED)
    query = read_query({"match[type]": ["note,note,malware"]}, "objects", max_tlp=Tlp.RED)
    assert query.types == ("note", "malware")


def test_the_later_of_added_after_and_the_next_position_wins() -> None:
    moment = datetime(2026, 11, 25, 9, 0, 0, 123456, tzinfo=UTC)
    token = next_token(moment)
    assert read_query({"next": [token]}, "objects", max_tlp=Tlp.RED).after == moment
    earlier = {"next": [token], "added_after": ["2026-11-24T00:00:00Z"]}
    assert read_query(earlier, "objects", max_tlp=Tlp.RED).after == moment
    later = {"next": [token], "added_after": ["2026-11-26T00:00:00.000001Z"]}
    assert read_query(later, "objects", max_tlp=Tlp.RED).after == datetime(
        2026, 11, 26, 0, 0, 0, 1, tzinfo=UTC
    )


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 1, 1)))
def test_a_next_token_names_its_moment_exactly(moment: datetime) -> None:
    aware = moment.replace(tzinfo=UTC)
    assert read_query({"next": [next_token(aware)]}, "objects", max_tlp=Tlp.RED).after == aware


@given(
    st.dictionaries(st.sampled_from(NAMES), st.lists(st.text(max_size=40), min_size=1, max_size=2))
)
def test_any_parameters_give_a_query_or_say_which_parameter_is_wrong(
    parameters: dict[str, list[str]],
) -> None:
    try:
        query = read_query(parameters, "objects", max_tlp=Tlp.GREEN)
    except InvalidInput as error:
        assert error.field in NAMES
        assert error.entity == "TAXII request"
    else:
        assert 1 <= query.limit <= MAX_PAGE_SIZE
        assert query.max_tlp is Tlp.GREEN


@pytest.mark.parametrize("token", ["", "YTEuLTU", "YjEuMTA", "!!!", "YTEuMXg"])
def test_tokens_this_server_did_not_give_are_refused(token: str) -> None:
    if not token:  # an empty `next` is what taxii2-client sends on the first page
        assert read_query({"next": [token]}, "objects", max_tlp=Tlp.RED).after is None
        return
    with pytest.raises(InvalidInput, match="is not a `next` value this server gave out"):
        read_query({"next": [token]}, "objects", max_tlp=Tlp.RED)


def test_tokens_are_opaque_text_safe_in_a_url() -> None:
    token = next_token(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=7))
    assert token.isascii() and all(c.isalnum() or c in "-_" for c in token)
