"""Model choice filters whose choices can be given as a list, not queried.

The document page's form offers every theme, instrument and entity, and
Django's model choice fields query their choices each time they validate a
value or render their options. Given a Listing (declarations.reading_index:
the instances, built once per corpus version), these fields answer both
from it, with the values, order and error messages of the queryset they
stand for; given none, they are Django's and django-filter's own.
"""

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import (
    ModelChoiceField,
    ModelChoiceIterator,
    ModelMultipleChoiceField,
)


class ListedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        listed = self.field.listed
        if listed is None:
            yield from super().__iter__()
            return
        # Our filters have no null choice (django-filter's null_label).
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for instance in listed.instances:
            yield self.choice(instance)

    def __len__(self):
        listed = self.field.listed
        if listed is None:
            return super().__len__()
        return len(listed.instances) + (self.field.empty_label is not None)


class ListedModelChoiceField(ModelChoiceField):
    iterator = ListedChoiceIterator

    def __init__(self, *args, listed=None, **kwargs):
        self.listed = listed
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if self.listed is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        try:
            return self.listed.by_key[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class ListedModelMultipleChoiceField(ModelMultipleChoiceField):
    iterator = ListedChoiceIterator

    def __init__(self, *args, listed=None, **kwargs):
        self.listed = listed
        super().__init__(*args, **kwargs)

    def clean(self, value):
        # Django gives an empty value as queryset.none(), which pays for
        # building a query each time its truth is asked (the page asks);
        # from a Listing, an empty list, as _check_values lists the others.
        if self.listed is not None and not self.required:
            if not self.prepare_value(value):
                return []
        return super().clean(value)

    def _check_values(self, value):
        if self.listed is None:
            return super()._check_values(value)
        # As django.forms.ModelMultipleChoiceField._check_values: the same
        # checks in the same order, so the same value is named in an error.
        try:
            value = frozenset(value)
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        for key in value:
            self.validate_no_null_characters(key)
        for key in value:
            if str(key) not in self.listed.by_key:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        chosen = {str(key) for key in value}
        return [
            instance for key, instance in self.listed.by_key.items() if key in chosen
        ]


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedModelChoiceField


class ListedModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ListedModelMultipleChoiceField
