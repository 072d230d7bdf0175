"""The curators' admin works under the strict Content-Security-Policy."""

import importlib

from django.apps import apps
from playwright.sync_api import expect

from tests.factories import make_user

curators_migration = importlib.import_module(
    "declarations.migrations.0002_curators_group"
)


def test_curator_logs_in_and_previews_an_annotation(page, site):
    # Transactional tests flush the group the data migration made: make it again.
    curators_migration.create_curators(apps, None)
    make_user("curator", curator=True)
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-test-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Annotations")).to_be_visible()

    page.goto(site + "/admin/declarations/annotation/add/")
    page.get_by_label("Body").fill("A **bold** claim <script>alert(1)</script>")
    preview = page.locator(".annotation-preview")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)

    page.goto(site + "/admin/declarations/paragraph/?has_chinese=no")
    expect(page.get_by_text("118 paragraphs")).to_be_visible()
    assert [e for e in errors if "Content Security Policy" in e] == []
