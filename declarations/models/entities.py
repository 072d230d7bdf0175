"""Entities the text names, their memberships, the rows linking them to
paragraphs, and each paragraph's subject."""

from django.db import models
from django.db.models import Count
from django.urls import reverse

from declarations.models.references import ParagraphLinkQuerySet

PROJECT_NAME = "SCO Declarations Reader project"


# Entities: the states, organizations, SCO bodies and places the text names,
# linked to each paragraph that names them by a row carrying the role the
# text gives them, as a relationship row carries its predicate in
# laws-africa/peachjam peachjam/models/relationships.py.


class EntityQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def with_labels(self):
        """Return entities with their concept's labels (every registered
        name: declarations.pickers.registered_names), in two more queries."""
        return self.prefetch_related("concept__labels")

    def in_kind_order(self):
        """Return entities grouped by kind in the order Entity.Kind lists
        them, by name within a kind."""
        order = models.Case(
            *(
                models.When(kind=kind, then=models.Value(index))
                for index, kind in enumerate(Entity.Kind.values)
            ),
            output_field=models.IntegerField(),
        )
        return self.order_by(order, "name_en")

    def with_paragraph_counts(self):
        """Return entities annotated with how many paragraphs name them."""
        return self.annotate(paragraph_count=Count("mentions", distinct=True))

    def member_states_on(self, date):
        """Return the states that were SCO member states on the given date."""
        return (
            self.filter(
                memberships__status=Membership.Status.MEMBER,
                memberships__since__lte=date,
            )
            .exclude(memberships__until__lte=date)
            .distinct()
            .order_by("name_en")
        )


class Entity(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member-state", "SCO member state"
        PARTNER_STATE = "partner-state", "Observer or partner state"
        OTHER_STATE = "other-state", "Other state or territory"
        ORGANIZATION = "organization", "International organization"
        UN_BODY = "un-body", "UN organ or agency"
        SCO_BODY = "sco-body", "SCO body"
        PLACE = "place", "Place"

    slug = models.SlugField(unique=True, max_length=120, help_text="Used in URLs.")
    kind = models.CharField(
        max_length=20, choices=Kind.choices, help_text="What sort of entity it is."
    )
    name_en = models.CharField(
        "English name", max_length=300, help_text="The name readers know it by."
    )
    name_zh = models.CharField(
        "Chinese name",
        max_length=120,
        blank=True,
        help_text=(
            "From the declaration's Chinese text (as its sources print it) where "
            "it names it, otherwise from standard usage with its source under "
            "Sources; blank when unsure."
        ),
    )
    aliases = models.TextField(
        blank=True,
        help_text=(
            "Other names the text uses for it (full and short forms), one per "
            "line; every occurrence of each must be linked."
        ),
    )
    note = models.TextField(blank=True, help_text="One or two sentences.")
    sources = models.TextField(
        blank=True,
        help_text="Where the Chinese name and the membership dates come from.",
    )
    curated = models.BooleanField(
        default=False,
        editable=False,
        help_text="Changed by a curator in the admin: corpus reloads keep it.",
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name_en"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name_en

    def get_absolute_url(self):
        return reverse("declarations:entity-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def alias_list(self):
        """Return the aliases as a list, blank lines dropped."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def names(self):
        """Return every name by which the text names the entity."""
        return [self.name_en, *self.alias_list]


class Membership(models.Model):
    """A state's standing in the SCO over a span of dates, so that "all
    member states" can be computed for any document's date."""

    class Status(models.TextChoices):
        MEMBER = "member", "Member state"
        OBSERVER = "observer", "Observer"
        DIALOGUE_PARTNER = "dialogue-partner", "Dialogue partner"

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, help_text="Standing in the SCO."
    )
    since = models.DateField(help_text="First day of this standing.")
    until = models.DateField(
        null=True, blank=True, help_text="First day it ended; blank if it holds."
    )
    sources = models.TextField(help_text="Where the dates come from.")

    class Meta:
        ordering = ["entity__name_en", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "status", "since"], name="membership_unique_span"
            )
        ]

    def __str__(self):
        return f"{self.entity}: {self.get_status_display()} since {self.since}"


class EntityMentionQuerySet(ParagraphLinkQuerySet):
    target = "entity"


class EntityMention(models.Model):
    class Role(models.TextChoices):
        NAMED = "named", "named"
        ENDORSES = "endorses", "endorses"
        PROPOSES = "proposes", "proposes"
        HOSTS = "hosts", "hosts or chairs"
        CONCERNS = "concerns", "concerned"

    paragraph = models.ForeignKey(
        "declarations.Paragraph",
        on_delete=models.CASCADE,
        related_name="entity_mentions",
    )
    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="mentions"
    )
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.NAMED,
        help_text="What the paragraph makes of it; 'endorses' for a state among "
        "the paragraph's named subjects.",
    )
    words = models.CharField(
        max_length=500,
        help_text="The words of the text that name it, as printed; several "
        "separated by ' | '.",
    )

    objects = EntityMentionQuerySet.as_manager()

    class Meta:
        ordering = ["paragraph__document", "paragraph__position", "entity__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "entity"], name="entity_mention_unique_pair"
            )
        ]

    def __str__(self):
        return f"{self.paragraph.label}: {self.entity} ({self.get_role_display()})"

    @property
    def word_list(self):
        """Return the words that name the entity, one string each."""
        return [w.strip() for w in self.words.split("|") if w.strip()]


class ParagraphSubject(models.Model):
    """Who speaks in a paragraph whose subject is not the member states as a
    whole: the states it lists, "the relevant member states", or the member
    states that are parties to an instrument."""

    class Kind(models.TextChoices):
        NAMED_STATES = "named-states", "the states it names"
        RELEVANT = "relevant-member-states", "the relevant member states"
        PARTIES = "parties", "the member states that are parties to an instrument"

    paragraph = models.OneToOneField(
        "declarations.Paragraph", on_delete=models.CASCADE, related_name="subject"
    )
    kind = models.CharField(
        max_length=30,
        choices=Kind.choices,
        help_text="Who the subject is; for 'the states it names', the states are "
        "the paragraph's entity links with the role 'endorses'.",
    )
    words = models.CharField(
        max_length=500, help_text="The words of the text that state the subject."
    )
    note = models.TextField(blank=True, help_text="What readers should know.")

    class Meta:
        ordering = ["paragraph__document", "paragraph__position"]

    def __str__(self):
        return f"{self.paragraph.label}: {self.get_kind_display()}"

    @property
    def names_its_states(self):
        """Return True when the text names the states that form the subject."""
        return self.kind == self.Kind.NAMED_STATES
