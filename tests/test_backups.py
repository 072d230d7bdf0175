"""backup and restore round-trip a database with curator edits, row for row."""

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

from declarations.models import Annotation, Paragraph, Theme
from tests.factories import make_annotation, make_user
from tests.test_corpus import load_real_corpus


def every_row():
    """Return every row of every model, serialised, by model."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_every_row(tmp_path, capsys):
    load_real_corpus()
    # Transactional tests flush the database between tests, the Curators group
    # of the data migration included; a staff user stands in for a curator.
    curator = make_user("curator", staff=True)
    paragraph = Paragraph.objects.get(label="II.14")
    paragraph.themes.add(Theme.objects.get(slug="human-rights"))
    paragraph.text_zh = "策展人的测试文本。"
    paragraph.mark_chinese_entered_by(curator)
    paragraph.save()
    make_annotation(paragraph, body="Keep **me**.", author=curator)
    before = every_row()
    assert before["declarations.Annotation"] != "[]"

    call_command("backup", str(tmp_path))
    output = capsys.readouterr().out
    database = next(tmp_path.glob("db-*"))
    assert str(database) in output
    assert "Keep **me**." in next(tmp_path.glob("annotations-*.json")).read_text()

    Annotation.objects.all().delete()
    Paragraph.objects.filter(label="II.14").update(text_zh="")
    Theme.objects.filter(slug="sport").delete()
    assert every_row() != before

    call_command("restore", str(database))
    assert every_row() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    load_real_corpus()
    before = every_row()
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    for path in [text, tmp_path / "missing.sqlite3"]:
        with pytest.raises(CommandError):
            call_command("restore", str(path))
    assert every_row() == before
