"""Residents on their own phones: accounts verified against the register, one-time codes,
follows of proposals and projects, and the notices they receive."""

from xihu.apps.residents.models.accounts import Language, ResidentAccount, Verification
from xihu.apps.residents.models.codes import PhoneCode
from xihu.apps.residents.models.follows import Follow, Notice

__all__ = ["Follow", "Language", "Notice", "PhoneCode", "ResidentAccount", "Verification"]
