"""Version history for what curators change (django-reversion).

Each entry of an object's history shows what that save changed, field by
field, against the object's previous version (declarations/admin/changes.py).
A save that also changed related rows (an instrument link, an entity link,
a membership, an annotation edited on its paragraph's page) lists them
under the entry.

Rows that come from the corpus have no version until a curator first
changes them: just before that change (or a deletion) the admin records
them as they were, so that the first change has something to be compared
with, and a deleted row can be recovered.

A revert or a recovery restores that one object as it was, never the other
rows saved in the same revision: a bulk action, or a paragraph saved with
its annotations, must not drag other paragraphs or later notes back in
time. The admin form then saves the object through save() and the
writer of derived data (declarations/derived.py), as for any edit, so the public pages
change at once.
"""

import functools
from contextlib import contextmanager

import reversion
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import IntegrityError, router, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Revision, Version

from declarations.admin.changes import version_changes

AS_LOADED = "As it was before its first change in the admin."

# SQLite and PostgreSQL keys are signed 64-bit: a longer number is no key.
MAX_KEY = 2**63 - 1


def previous_version(version):
    """Return the version of the same object saved just before this one."""
    return (
        Version.objects.get_for_object_reference(version._model, version.object_id)
        .filter(pk__lt=version.pk)
        .order_by("-pk")
        .first()
    )


def revision_entry(version, previous):
    """Return what one history entry shows: the object's own changes, and
    those of the other rows the same save changed."""
    also = []
    for other in version.revision.version_set.exclude(pk=version.pk):
        other_previous = previous_version(other)
        if other_previous is None and is_own_row(other, version):
            # A text the paragraph had before (the first recorded version)
            # or gained with this save, which its own changes show.
            if previous is not None:
                also.append(
                    {
                        "kind": capfirst(other._model._meta.verbose_name),
                        "name": other.object_repr,
                        "added": False,
                        "changes": version_changes(other, None),
                    }
                )
            continue
        changes = version_changes(other, other_previous) if other_previous else []
        if other_previous is None or changes:
            also.append(
                {
                    "kind": capfirst(other._model._meta.verbose_name),
                    "name": other.object_repr,
                    "added": other_previous is None,
                    "changes": changes,
                }
            )
    return {
        "first": previous is None,
        "changes": version_changes(version, previous) if previous else [],
        "also": also,
    }


# django-reversion saves a recovery with the comment of a revert
# (reversion/admin.py): the history says what happened instead.
REVERT_COMMENT = "Reverted to previous version, saved on "


def action_label(revision, recovered):
    """Return what a history entry's Action column says of its revision."""
    comment = revision.get_comment()
    if revision.comment == AS_LOADED:
        return "As loaded with the corpus"
    if recovered:
        if comment.startswith(REVERT_COMMENT):
            restored = comment.removeprefix(REVERT_COMMENT)
            return f"Recovered after its deletion: the version saved on {restored}"
        return f"Recovered after its deletion. {comment}"
    return comment


def deletions_of(model, object_id):
    """Return the admin's log entries of the object's deletions, oldest first."""
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=str(object_id),
            action_flag=DELETION,
        )
        .select_related("user")
        .order_by("action_time", "pk")
    )


def with_deletions(entries, deletions):
    """Return the history's entries (oldest first) with a row for each
    deletion, and each version saved after a deletion labelled as its
    recovery."""
    rows, pending = [], list(deletions)
    for entry in entries:
        revision = entry["revision"]
        recovered = False
        while pending and pending[0].action_time <= revision.date_created:
            deletion = pending.pop(0)
            rows.append({"deletion": deletion, "time": deletion.action_time})
            recovered = True
        rows.append(
            {
                **entry,
                "time": revision.date_created,
                "label": action_label(revision, recovered),
                "as_loaded": revision.comment == AS_LOADED,
            }
        )
    rows += [{"deletion": d, "time": d.action_time} for d in pending]
    return rows


# The parents each registered model follows (its foreign keys' names), or
# the rows of its own it follows (a paragraph's texts).
FOLLOWS = {}


def own_rows(model):
    """Return the one-to-many relations whose rows are part of a model's
    versions (a paragraph's texts)."""
    return [
        model._meta.get_field(name)
        for name in FOLLOWS.get(model, ())
        if model._meta.get_field(name).one_to_many
    ]


def is_own_row(version, owner):
    """Return True when a version is of a row of the owner's own (one of a
    paragraph's texts, saved with it)."""
    for relation in own_rows(owner._model):
        if version._model is relation.related_model:
            parent = version.field_dict.get(relation.field.attname)
            return str(parent) == str(owner.object_id)
    return False


def revert_own_rows(version):
    """Restore the rows of the object's own as the version saved them (its
    texts), deleting those it did not have: a paragraph's version holds all
    its texts."""
    for relation in own_rows(version._model):
        kept = []
        for other in version.revision.version_set.exclude(pk=version.pk):
            if is_own_row(other, version):
                other.revert()
                kept.append(other.object_id)
        relation.related_model._default_manager.filter(
            **{relation.field.name: version.object_id}
        ).exclude(pk__in=kept).delete()


def register(model, follow=()):
    """Register a model with django-reversion, remembering the parents it
    follows: record_as_loaded records them too."""
    FOLLOWS[model] = tuple(follow)
    reversion.register(model, follow=list(follow))


def record_as_loaded(objects):
    """Record the objects that have no version yet as they are in the
    database, in a revision of their own, before a curator changes or
    deletes them. Written directly, not through reversion.add_to_revision:
    that would join the revision being saved and follow each row's parents,
    which already have their own versions."""
    missing = []
    for model, pks in _by_model(objects).items():
        versioned = set(
            Version.objects.get_for_model(model)
            .filter(object_id__in=[str(pk) for pk in pks])
            .values_list("object_id", flat=True)
        )
        fresh = model._default_manager.filter(
            pk__in=[pk for pk in pks if str(pk) not in versioned]
        )
        missing += list(fresh)
    if not missing:
        return
    revision = Revision.objects.create(
        date_created=(
            reversion.get_date_created() if reversion.is_active() else timezone.now()
        ),
        comment=AS_LOADED,
    )
    Version.objects.bulk_create(
        Version(
            revision=revision,
            object_id=str(obj.pk),
            content_type=ContentType.objects.get_for_model(obj),
            db=router.db_for_write(type(obj)),
            format="json",
            serialized_data=serializers.serialize("json", [obj]),
            object_repr=str(obj),
        )
        for obj in missing
    )


def _by_model(objects):
    """Return {model: [pk]} of the objects and of the parents (or rows of
    their own) they follow, which a save of theirs adds to its revision:
    without a version before it, a parent would seem added by that save."""
    by_model = {}
    for obj in objects:
        model = type(obj)
        if obj.pk is not None and reversion.is_registered(model):
            by_model.setdefault(model, []).append(obj.pk)
        for name in FOLLOWS.get(model, ()):
            field = model._meta.get_field(name)
            if field.one_to_many:
                # Rows of its own that a paragraph's version holds (its texts).
                if obj.pk is not None:
                    children = field.related_model._default_manager.filter(
                        **{field.field.name: obj.pk}
                    )
                    by_model.setdefault(field.related_model, []).extend(
                        children.values_list("pk", flat=True)
                    )
                continue
            parent = getattr(obj, field.attname)
            if parent is not None:
                by_model.setdefault(field.related_model, []).append(parent)
    return by_model


class CuratorVersionAdmin(VersionAdmin):
    """VersionAdmin with a diff for each version, one revision per object
    for bulk actions, and reverts that restore only their own object."""

    object_history_template = "admin/declarations/object_history.html"

    @contextmanager
    def one_revision(self, request):
        """Record what the block saves as a revision of its own, by the
        user: a bulk action calls it once per object."""
        with reversion.create_revision():
            reversion.set_user(request.user)
            yield

    def save_model(self, request, obj, form, change):
        record_as_loaded([obj])  # a new object: the parents it follows
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        changed = [f.instance for f in formset.forms if f.has_changed()]
        record_as_loaded(changed + [f.instance for f in formset.deleted_forms])
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        record_as_loaded([obj])  # so that it can be recovered
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        record_as_loaded(queryset)
        super().delete_queryset(request, queryset)

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the whole list (and so every bulk action) in
        # one revision: reverting one object of it would revert all. The
        # actions here record one revision per object (one_revision).
        context = {
            "has_change_permission": self.has_change_permission(request),
            **(extra_context or {}),
        }
        return admin.ModelAdmin.changelist_view(self, request, context)

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        ).select_related("revision__user")
        opts = self.model._meta
        entries, previous = [], None
        for version in self._reversion_order_version_queryset(request, versions):
            entries.append(
                {
                    "revision": version.revision,
                    "url": reverse(
                        f"{self.admin_site.name}:{opts.app_label}_"
                        f"{opts.model_name}_revision",
                        args=(quote(version.object_id), version.pk),
                    ),
                    **revision_entry(version, previous),
                }
            )
            previous = version
        context = {
            **(extra_context or {}),
            "action_list": with_deletions(
                entries, deletions_of(self.model, unquote(object_id))
            ),
        }
        return super().history_view(request, object_id, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        versions = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        )
        version = get_object_or_404(versions, pk=self.version_key(version_id))
        context = {
            "title": f"Revert {version.object_repr}",
            "revert": True,
            **(extra_context or {}),
        }
        return self.restore_form(request, version, "revision_form.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        deleted = Version.objects.get_deleted(self.model)
        version = get_object_or_404(deleted, pk=self.version_key(version_id))
        context = {
            "title": f"Recover {version.object_repr}",
            "recover": True,
            **(extra_context or {}),
        }
        return self.restore_form(request, version, "recover_form.html", context)

    @staticmethod
    def version_key(version_id):
        if int(version_id) > MAX_KEY:
            raise Http404("No such version.")
        return int(version_id)

    def restore_form(self, request, version, template, context):
        """Show (GET) or save (POST) the form of the object as it was in the
        version. VersionAdmin reverts the version's whole revision: here
        only the version itself."""
        version.revision.revert = functools.partial(self.revert_version, version)
        if request.method == "POST" and template == "revision_form.html":
            # The form judges a revert as the change it makes: against the
            # object as it is now, read before the revert (restore_initial).
            request.restored_over = self.restore_initial(request, version)
        chosen = (
            self.revision_form_template
            if template == "revision_form.html"
            else self.recover_form_template
        )
        return self._reversion_revisionform_view(
            request,
            version,
            chosen or self._reversion_get_template_list(template),
            context,
        )

    def restore_initial(self, request, version):
        """Return the change form's initial values for the object as it is
        before the revert ({} when it is gone)."""
        current = self.get_object(request, quote(version.object_id))
        if current is None:
            return {}
        return dict(
            self.get_form(request, current, change=True)(instance=current).initial
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The admin's form; on a revert, told the values of the object as
        it was before (restored_over), which a form whose rules depend on
        what changes (the paragraph's Chinese) judges the revert against."""
        form = super().get_form(request, obj, change=change, **kwargs)
        restored_over = getattr(request, "restored_over", None)
        if restored_over is None:
            return form
        return type(form.__name__, (form,), {"restored_over": restored_over})

    # Fields a revert leaves as they are (the curated flags of the rows it
    # does not restore).
    kept_on_revert = ()

    def revert_version(self, version, delete=False):
        """Restore the version's object alone (VersionAdmin's `delete`, which
        removes rows its followed relations gained since, does not apply:
        nothing here follows its children)."""
        current = version._model._default_manager.filter(pk=version.object_id)
        kept = {}
        if self.kept_on_revert:
            kept = current.values(*self.kept_on_revert).first() or {}
        try:
            with transaction.atomic():
                version.revert()
                revert_own_rows(version)
        except (IntegrityError, ObjectDoesNotExist) as error:
            raise RevertError(
                f"Could not restore {version.object_repr}: something it refers "
                "to no longer exists."
            ) from error
        if kept:
            current.update(**kept)
