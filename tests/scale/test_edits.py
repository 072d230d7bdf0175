"""1. A curator's edit through one app server is what the other serves next,
with readers loading the same pages all the while (no stale page from either
server's cache: the page cache is Redis, keyed by the corpus version)."""

import threading
import time
import uuid

import pytest

from tests.scale.conftest import DOC, get

pytestmark = pytest.mark.scale

PERMALINK = DOC + "ii/14/"
THEMES = "/themes/"
READER_SECONDS = 90
FOLLOW_UPS = 20


class Readers:
    """Anonymous readers loading pages through nginx in a loop, recording
    when each request started and what it got, until stopped (bounded)."""

    def __init__(self, base, paths, threads=2):
        self.base, self.paths = base, paths
        self.records = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.read) for _ in range(threads)]

    def read(self):
        deadline = time.monotonic() + READER_SECONDS
        while not self.stopping.is_set() and time.monotonic() < deadline:
            for path in self.paths:
                start = time.monotonic()
                response = get(self.base, path)
                self.records.append((start, path, response))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def since(self, moment, path):
        return [r for start, p, r in self.records if start > moment and p == path]


def follow_ups(base, path, edited_by):
    """Return the responses to the requests right after an edit, until one
    came from another app server than the one that made it (bounded)."""
    responses = []
    for _ in range(FOLLOW_UPS):
        responses.append(get(base, path))
        if responses[-1].upstream != edited_by:
            break
    return responses


def assert_fresh(responses, expected, present=True):
    for response in responses:
        assert response.status == 200, (response.status, response.upstream)
        found = expected in response.body
        assert found == present, f"stale page from {response.upstream}"


def paragraph_pk(sql, label):
    return sql(
        "SELECT p.id FROM declarations_paragraph p JOIN declarations_document d "
        "ON d.id = p.document_id WHERE d.slug = 'tianjin-2025' AND p.label = %s",
        label,
    )[0][0]


def add_annotation(curator, sql, marker, status):
    response = curator.post(
        "/admin/declarations/annotation/add/",
        {
            "paragraph": paragraph_pk(sql, "II.14"),
            "kind": "context",
            "status": status,
            "body": f"Scale test note {marker}.",
            "source_url": "",
            "source_citation": "",
            "author": "",
        },
    )
    assert response.status == 302, response.body[:2000]
    return sql(
        "SELECT id FROM declarations_annotation WHERE body LIKE %s", f"%{marker}%"
    )[0][0]


def test_a_published_annotation_is_served_by_the_other_server_next(
    topology, curator, sql
):
    marker = uuid.uuid4().hex
    with Readers(topology.url, [PERMALINK]) as readers:
        pk = add_annotation(curator, sql, marker, "draft")
        drafts = follow_ups(topology.url, PERMALINK, get(topology.url, "/").upstream)
        assert_fresh(drafts, marker, present=False)

        published = curator.post(
            "/admin/declarations/annotation/",
            {"action": "publish", "_selected_action": [pk], "index": "0"},
        )
        assert published.status == 302
        moment = time.monotonic()
        after = follow_ups(topology.url, PERMALINK, published.upstream)
        time.sleep(2)
    assert after[-1].upstream != published.upstream
    assert_fresh(after, marker)
    assert len(readers.since(moment, PERMALINK)) > 0
    assert_fresh(readers.since(moment, PERMALINK), marker)


def test_a_theme_renamed_on_one_server_is_renamed_on_the_other(topology, curator, sql):
    marker = uuid.uuid4().hex[:12]
    pk, name_en, name_zh, description, position = sql(
        "SELECT id, name_en, name_zh, description, position FROM declarations_theme "
        "WHERE slug = 'energy'"
    )[0]
    with Readers(topology.url, [THEMES]) as readers:
        assert_fresh([get(topology.url, THEMES) for _ in range(2)], marker, False)
        changed = curator.post(
            f"/admin/declarations/theme/{pk}/change/",
            {
                "name_en": f"Energy {marker}",
                "name_zh": name_zh,
                "description": description,
                "position": position,
                "_save": "Save",
            },
        )
        assert changed.status == 302, changed.body[:2000]
        moment = time.monotonic()
        after = follow_ups(topology.url, THEMES, changed.upstream)
        time.sleep(2)
    assert after[-1].upstream != changed.upstream
    assert_fresh(after, f"Energy {marker}")
    assert_fresh(readers.since(moment, THEMES), f"Energy {marker}")


def test_a_bulk_delete_on_one_server_disappears_from_the_other(topology, curator, sql):
    # Curators may delete paragraph-to-instrument links (not annotations,
    # which they unpublish): delete every link of one instrument at once.
    page = "/instruments/sco-charter/"
    pks = [
        row[0]
        for row in sql(
            "SELECT m.id FROM declarations_mention m JOIN declarations_instrument i "
            "ON i.id = m.instrument_id WHERE i.slug = 'sco-charter'"
        )
    ]
    assert len(pks) >= 2
    with Readers(topology.url, [page]) as readers:
        before = [get(topology.url, page) for _ in range(2)]
        assert_fresh(before, f"Named in {len(pks)} paragraphs")
        deleted = curator.post(
            "/admin/declarations/mention/",
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )
        assert deleted.status == 302
        remaining = sql(
            "SELECT count(*) FROM declarations_mention WHERE id = ANY(%s)", pks
        )
        assert remaining == [(0,)]
        moment = time.monotonic()
        after = follow_ups(topology.url, page, deleted.upstream)
        time.sleep(2)
    assert after[-1].upstream != deleted.upstream
    assert_fresh(after, "Named in 0 paragraphs")
    assert_fresh(readers.since(moment, page), "Named in 0 paragraphs")
