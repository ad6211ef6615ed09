"""The verifier's streaming JSON reader gives what json.loads gives, whatever the chunk size."""

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.verifier.jsonstream import JsonStream

values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(items=st.lists(values, max_size=12), chunk=st.integers(1, 40), indent=st.sampled_from([None, 1]))
def test_array_elements_are_those_of_json_loads(items, chunk, indent):
    text = json.dumps(items, ensure_ascii=False, indent=indent)
    assert list(JsonStream(io.StringIO(text), chunk=chunk).elements()) == json.loads(text)


@settings(max_examples=100, deadline=None)
@given(entries=st.lists(values, max_size=8), rest=st.dictionaries(st.text(max_size=5), values, max_size=3),
       chunk=st.integers(1, 40))
def test_object_members_stream_the_named_array(entries, rest, chunk):
    document = {"entries": entries, **{k: v for k, v in rest.items() if k != "entries"}}
    text = json.dumps(document, ensure_ascii=False)
    seen = {}
    for key, value in JsonStream(io.StringIO(text), chunk=chunk).members("entries"):
        seen[key] = list(value) if key == "entries" else value
    assert seen == document


@pytest.mark.parametrize("text", ["[1,2", "[1 2]", "{\"a\":1", "[{\"a\":}]", "", "[1,]"])
def test_broken_json_is_an_error(text):
    with pytest.raises(ValueError):
        list(JsonStream(io.StringIO(text), chunk=3).elements())


@pytest.mark.parametrize("chunk", range(1, 12))
def test_a_number_cut_by_a_chunk_is_read_whole(chunk):
    text = "[1e+16, 2.5, -0.125e-3, 10]"
    assert list(JsonStream(io.StringIO(text), chunk=chunk).elements()) == [1e16, 2.5, -0.000125, 10]
