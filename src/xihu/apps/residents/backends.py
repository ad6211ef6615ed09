"""Logging in by phone and one-time code, as a Django authentication backend, so that
django-axes (first in AUTHENTICATION_BACKENDS) throttles wrong codes per account name and
per address exactly as it throttles wrong passwords.

Call `authenticate(request, username=username_for(phone), phone=phone, otp_token=code)`: the
credential is named *token* so that neither Django's failure signal nor axes' records keep it."""

from xihu.apps.residents import codes, services


class PhoneCodeBackend:
    def authenticate(self, request, username=None, phone=None, otp_token=None, language="zh-hans",
                     **kwargs):
        if phone is None or otp_token is None:
            return None
        if not codes.code_check(phone=phone, code=otp_token):
            return None
        account = services.account_for_phone(phone=phone, language=language)
        return account.user if account.user.is_active else None

    def get_user(self, user_id):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(pk=user_id, is_active=True).first()  # as ModelBackend refuses an inactive user
