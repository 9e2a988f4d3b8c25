"""factory_boy factories for the domain models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from newsdesk.models import Story, StoryVersion
from reviews.models import Claim, Comment, Highlight, Review

SOURCE_BODY = (
    "HALDEN (Nordwire) — The city council voted 7-2 on Tuesday to close the Riverside pool "
    "for repairs, the mayor's office said.\n"
    "Repairs will cost $1.2 million and take eight months, according to a council report.\n"
    "Two councillors, Ana Ortiz and Lee Park, voted against the plan."
)
REWRITE_BODY = (
    "The city council voted 9-0 on Tuesday to shut the Riverside pool for repairs.\n"
    "Repairs will cost $1.2 million and take about a year, according to a council report.\n"
    "The closure is expected to anger local swimmers."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Council closes pool {n}")
    desk = "Local"
    created_by = factory.SubFactory(UserFactory)


class VersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryVersion

    story = factory.SubFactory(StoryFactory)
    number = factory.LazyAttribute(lambda v: v.story.versions.count() + 1)
    role = StoryVersion.Role.SOURCE
    body = SOURCE_BODY
    origin = StoryVersion.Origin.WIRE
    origin_detail = "Nordwire"
    author = factory.LazyAttribute(lambda v: v.story.created_by)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A story with a source (v1) and a rewrite (v2), and an open review of the pair."""

    class Meta:
        model = Review

    story = factory.SubFactory(StoryFactory)
    source = factory.LazyAttribute(lambda r: VersionFactory(story=r.story))
    rewrite = factory.LazyAttribute(
        lambda r: VersionFactory(
            story=r.story,
            role=StoryVersion.Role.REWRITE,
            body=REWRITE_BODY,
            origin=StoryVersion.Origin.AI,
            origin_detail="test-model",
            based_on=r.source,
        )
    )
    created_by = factory.LazyAttribute(lambda r: r.story.created_by)


def _span(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


class HighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Highlight
        exclude = ("text",)

    review = factory.SubFactory(ReviewFactory)
    side = "rewrite"
    text = "9-0"
    start = factory.LazyAttribute(lambda h: h.review.rewrite.body.index(h.text))
    end = factory.LazyAttribute(lambda h: h.start + len(h.text))
    quote = factory.LazyAttribute(lambda h: h.text)
    category = "number"
    severity = "critical"
    status = "open"
    author = factory.SubFactory(UserFactory)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        exclude = ("text",)

    review = factory.SubFactory(ReviewFactory)
    text = "Repairs will cost $1.2 million"
    start = factory.LazyAttribute(lambda c: c.review.rewrite.body.index(c.text))
    end = factory.LazyAttribute(lambda c: c.start + len(c.text))
    quote = factory.LazyAttribute(lambda c: c.text)
    created_by = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    review = factory.SubFactory(ReviewFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Comment number {n}")
