"""Production settings fail closed and pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 20 + "9f3Lq-PbX2!zR8wT@cV5nJ7mY1sD4gH6"


def run_check(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    return run_production(env_overrides, "check", *args)


def run_production(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DJANGO_SETTINGS_MODULE": "xihu.config.settings.production",
                "ALLOWED_HOSTS": "pb.example.org"})
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "xihu", *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_without_secret_key():
    result = run_check({})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_refuses_with_debug_on():
    result = run_check({"SECRET_KEY": GOOD_KEY, "DEBUG": "1"})
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


PROVIDER = {"XIHU_GATEWAY_BACKEND": "xihu.apps.residents.gateway.provider.TemplateProviderBackend",
            "XIHU_GATEWAY_OPTIONS": '{"url": "https://sms.example.org/send", "templates": {"code": "SMS_1"}}'}


def test_check_deploy_is_clean():
    result = run_check({"SECRET_KEY": GOOD_KEY, **PROVIDER}, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_console_gateway():
    """The default gateway prints residents' codes into the server's output."""
    result = run_check({"SECRET_KEY": GOOD_KEY}, "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "xihu.residents.W001" in result.stdout + result.stderr


@pytest.mark.parametrize("module", ["dev", "test"])
def test_other_settings_import(module):
    result = subprocess.run(
        [sys.executable, "-c", f"import xihu.config.settings.{module}"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_data_dir_moves_the_sqlite_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["XIHU_DATA_DIR"] = str(tmp_path / "data")
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'], settings.MEDIA_ROOT)"
    result = subprocess.run(
        [sys.executable, "-m", "xihu", "shell", "-c", code], env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "data" / "xihu.sqlite3") in result.stdout
    assert str(tmp_path / "data" / "media") in result.stdout


def test_production_refuses_weak_passwords_and_keeps_officer_sessions_short():
    """Audit: validate_password('1') passed in production; staff sessions lasted 14 days."""
    code = ("from django.contrib.auth.password_validation import validate_password\n"
            "from django.conf import settings\n"
            "try:\n    validate_password('1')\nexcept Exception as e:\n    print('refused', len(e.messages))\n"
            "print('staff', settings.XIHU_STAFF_SESSION_SECONDS, 'reauth', settings.XIHU_REAUTH_SECONDS)\n"
            "print('csp', sorted(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src']))")
    result = run_production({"SECRET_KEY": GOOD_KEY}, "shell", "-c", code)
    result_args = result.stdout
    assert "refused 3" in result_args, result.stdout + result.stderr
    assert "staff 14400 reauth 900" in result_args
    assert "csp [\"'self'\"]" in result_args


def test_pages_carry_the_enforced_policy(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert "Content-Security-Policy-Report-Only" not in response
    assert "unsafe-inline" not in policy


def test_report_only_is_a_setting_away():
    """XIHU_CSP_REPORT_ONLY=1 sends the same policy report-only, and nothing enforced."""
    code = ("from django.conf import settings\n"
            "print('enforced', getattr(settings, 'CONTENT_SECURITY_POLICY', None) is not None)\n"
            "print('report', sorted(settings.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['style-src']))")
    result = run_production({"SECRET_KEY": GOOD_KEY, "XIHU_CSP_REPORT_ONLY": "1"}, "shell", "-c", code)
    assert "enforced False" in result.stdout, result.stdout + result.stderr
    assert "report [\"'self'\"]" in result.stdout



def test_postgresql_prepares_repeated_statements_and_keeps_the_urls_options(monkeypatch):
    """Server-side binding with psycopg's prepared statements (docs/decisions.md); a query option
    in DATABASE_URL is kept and wins over the defaults."""
    from xihu.config.settings.base import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://xihu@db.internal:5432/xihu?sslmode=require&prepare_threshold=9")
    config = database_from_env()
    assert config["ENGINE"] == "xihu.config.postgres_backend"
    assert config["OPTIONS"]["server_side_binding"] is True
    assert config["OPTIONS"]["sslmode"] == "require" and str(config["OPTIONS"]["prepare_threshold"]) == "9"
    monkeypatch.setenv("DATABASE_URL", "postgres://xihu@db.internal:5432/xihu")
    assert database_from_env()["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
