"""Pure-Python Ed25519 (for the verifier and the witness) against RFC 8032 and `cryptography`,
and the signed checkpoint notes."""

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.engine import checkpoint, ed25519

# RFC 8032 section 7.1, TEST 1 and TEST 2.
RFC_VECTORS = [
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
     "d25bf5f0595bbe24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
     "387b2eaeb4302aeeb00d291612bb0c00"),
]


@pytest.mark.parametrize("seed,public,message,signature", RFC_VECTORS)
def test_rfc8032_vectors(seed, public, message, signature):
    seed, public, message, signature = map(bytes.fromhex, (seed, public, message, signature))
    assert ed25519.ed25519_public_key(seed) == public
    assert ed25519.ed25519_sign(seed, message) == signature
    assert ed25519.ed25519_verify(public, message, signature)


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@settings(max_examples=12, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=200), st.integers(0, 63))
def test_agrees_with_cryptography(seed, message, bit):
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = raw_public(key)
    signature = key.sign(message)
    assert ed25519.ed25519_public_key(seed) == public
    assert ed25519.ed25519_verify(public, message, signature)
    ours = ed25519.ed25519_sign(seed, message)
    assert ours == signature  # Ed25519 is deterministic
    Ed25519PublicKey.from_public_bytes(public).verify(ours, message)
    flipped = bytearray(signature)
    flipped[bit] ^= 1
    assert not ed25519.ed25519_verify(public, message, bytes(flipped))
    assert not ed25519.ed25519_verify(public, message + b"!", signature)


def test_signed_checkpoint_round_trip_and_forgeries():
    key = Ed25519PrivateKey.generate()
    public = raw_public(key)
    body = checkpoint.checkpoint_body("pb.example/xihu", 42, bytes(range(32)), 1_700_000_000_000)
    note = checkpoint.signed_note(body, "pb.example/xihu", public, key.sign(body.encode()))
    assert checkpoint.open_note(note, "pb.example/xihu", public, ed25519.ed25519_verify) == body
    parsed = checkpoint.parse_checkpoint(body)
    assert parsed == {"origin": "pb.example/xihu", "size": 42, "root": bytes(range(32)),
                      "timestamp_ms": 1_700_000_000_000}
    forged = note.replace("\n42\n", "\n43\n")
    with pytest.raises(checkpoint.BadNote, match="does not verify"):
        checkpoint.open_note(forged, "pb.example/xihu", public, ed25519.ed25519_verify)
    other = raw_public(Ed25519PrivateKey.generate())
    with pytest.raises(checkpoint.BadNote, match="no signature by the key"):
        checkpoint.open_note(note, "pb.example/xihu", other, ed25519.ed25519_verify)
    for bad in ["", "no blank line", body + "\n", body + "\nnot a signature\n"]:
        with pytest.raises(checkpoint.BadNote):
            checkpoint.open_note(bad, "pb.example/xihu", public, ed25519.ed25519_verify)
    with pytest.raises(checkpoint.BadNote):
        checkpoint.parse_checkpoint("origin\n-1\nAAAA\n")
