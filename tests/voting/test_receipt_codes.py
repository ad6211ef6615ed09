"""Receipt codes: 16 characters of the unambiguous alphabet in groups of four, every character
drawn uniformly (80 bits), and a code read back in any case or spacing hashes the same."""

from collections import Counter

from xihu.apps.voting.receipts import _ALPHABET, new_receipt_code, normalise_receipt, receipt_hash


def test_codes_have_four_groups_of_four_from_the_alphabet():
    for code in (new_receipt_code() for _ in range(200)):
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(_ALPHABET)
        assert receipt_hash(code.lower().replace("-", " ")) == receipt_hash(code)
        assert normalise_receipt(code) == "".join(groups)


def test_every_position_uses_the_whole_alphabet_evenly():
    codes = [normalise_receipt(new_receipt_code()) for _ in range(3000)]
    for position in (0, 7, 15):  # first, middle and last digit of the one draw
        counts = Counter(code[position] for code in codes)
        assert set(counts) == set(_ALPHABET)  # expected about 97 each: every one seen
        assert max(counts.values()) < 3 * min(counts.values())
    assert len(set(codes)) == len(codes)
