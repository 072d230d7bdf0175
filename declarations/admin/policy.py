"""Admin pages that ask the model's policy (declarations/policies.py): the
model admin, each inline row by row, the bulk actions and the history. Their
forms pass every text through the one text gate (declarations/text.py)."""

from django import forms
from django.core.exceptions import BadRequest, PermissionDenied
from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import smart_split

from declarations.policies import policy_for
from declarations.text import validate_text, validate_web_address


def text_gated(form_class):
    """Return the form class with the text gate on every text field (JSON
    fields included: their strings are read throughout), and http(s) only
    for every URL field."""

    class TextGatedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                if isinstance(field, forms.CharField):
                    field.validators = [*field.validators, validate_text]
                if isinstance(field, forms.URLField):
                    field.validators = [*field.validators, validate_web_address]

    TextGatedForm.__name__ = form_class.__name__
    return TextGatedForm


# Each word of an admin search adds an OR over the search fields to one
# expression; about 1,300 words passed SQLite's expression depth (1,000) and
# the search failed as "database unavailable". Far fewer are ever useful.
MAX_SEARCH_WORDS = 20


class PolicyAdmin:
    """A ModelAdmin mixin: every permission question goes to the policy (and
    an admin search of too many words is refused with a 400 that says so)."""

    def get_search_results(self, request, queryset, search_term):
        words = len(list(smart_split(search_term)))
        if words > MAX_SEARCH_WORDS:
            raise BadRequest(
                f"The search has {words:,} words; at most {MAX_SEARCH_WORDS} "
                "are searched at once. Search for fewer words."
            )
        return super().get_search_results(request, queryset, search_term)

    @property
    def policy(self):
        return policy_for(self.model)

    def has_view_permission(self, request, obj=None):
        return self.policy.can_view(request.user, obj)

    def has_add_permission(self, request):
        return self.policy.can_add(request.user)

    def has_change_permission(self, request, obj=None):
        return self.policy.can_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.policy.can_delete(request.user, obj)

    def has_publish_permission(self, request):
        """Asked by actions declared with permissions=["publish"]."""
        return self.policy.can_publish(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return text_gated(super().get_form(request, obj, change, **kwargs))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.policy.can_delete_in_bulk(request.user):
            actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request, queryset):
        if not all(self.policy.can_delete(request.user, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.policy.can_recover(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)


class PolicyInline:
    """An inline mixin: the policy of the inline's model decides, and for
    each existing row, whether it may be changed or deleted (a row the
    policy keeps has its DELETE box, or all its fields, disabled)."""

    @property
    def policy(self):
        return policy_for(self.model)

    def has_view_permission(self, request, obj=None):
        return self.policy.can_view(request.user)

    def has_add_permission(self, request, obj=None):
        return self.policy.can_add(request.user)

    def has_change_permission(self, request, obj=None):
        return self.policy.can_change(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.policy.can_delete(request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        policy, user = self.policy, request.user

        class PolicyFormSet(formset):
            form = text_gated(formset.form)

            def add_fields(self, form, index):
                super().add_fields(form, index)
                row = form.instance
                if row.pk is None:
                    return
                # A disabled field takes its initial value whatever the POST
                # says, so a forged DELETE is ignored too.
                if not policy.can_delete(user, row) and (
                    DELETION_FIELD_NAME in form.fields
                ):
                    form.fields[DELETION_FIELD_NAME].disabled = True
                if not policy.can_change(user, row):
                    for field in form.fields.values():
                        field.disabled = True

        return PolicyFormSet
