"""Issue 14, point 19: forms render through the project's form renderer: no ":" after a label,
an error summary at the top naming each field in error, the field in error marked (aria-invalid
and the `field-error` class); errors reported as messages name their field; budget badges show
thousands separators."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.voting.conftest import MONDAY_NOON
from xihu.apps.voting.forms import StationForm
from xihu.apps.voting.models import Seal

pytestmark = pytest.mark.django_db


def test_labels_have_no_colon(client, people, station):
    client.force_login(people["staff"])
    page = client.get(reverse("voting:stations", args=["pilot", "s1a"])).content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert "投票站名称" in labels
    assert not [label for label in labels if label.rstrip().endswith((":", "："))], labels


def test_an_invalid_form_names_and_marks_the_field_in_error():
    with translation.override("zh-hans"):
        html = StationForm({"kind": "fixed", "name": ""}).as_p()
    summary = html.split('class="error-summary"')[1].split("</div>")[0]
    assert re.search(r'<a href="#id_name">投票站名称</a> — 这个字段是必填项', summary), summary
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input
    block = html.split('class="field')[2]  # the second field's block: the name
    assert block.startswith(" field-error") or " field-error" in block.split(">")[0], block[:80]
    location = re.search(r'<input[^>]*name="location"[^>]*>', html).group(0)
    assert "aria-invalid" not in location


def test_an_error_reported_as_a_message_names_its_field(client, people, box):
    client.force_login(people["officer"])
    url = reverse("voting:seal", kwargs={"edition": "pilot", "unit": "s1a", "box": box.pk})
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=MONDAY_NOON):
        page = client.post(url, {f"box{box.pk}-paper_in_box": "0"}, follow=True).content.decode()
    errors = re.findall(r'<li class="error">([^<]*)</li>', page)
    assert any(e.startswith("封条编号") and "必填" in e for e in errors), errors
    assert not any(e.strip() == "这个字段是必填项。" for e in errors), errors
    assert not Seal.objects.exists()
