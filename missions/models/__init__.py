"""Missions, their personnel reports and counters, interest points and updates (one module each)."""

from .mission import (
    SOURCE_HELP,
    SOURCE_URL_HELP,
    InterestPoint,
    Mission,
    MissionQuerySet,
    feed_addresses,
    validate_feed_addresses,
)
from .personnel import (
    HEADCOUNT_FIELDS,
    HEADLINE,
    Figure,
    Headcount,
    PersonnelReport,
    PersonnelReportQuerySet,
    SourceKind,
    figures_by_mission,
    figures_from,
    headline,
)
from .update import Update

__all__ = [
    "HEADCOUNT_FIELDS",
    "HEADLINE",
    "SOURCE_HELP",
    "SOURCE_URL_HELP",
    "Figure",
    "Headcount",
    "InterestPoint",
    "Mission",
    "MissionQuerySet",
    "PersonnelReport",
    "PersonnelReportQuerySet",
    "SourceKind",
    "Update",
    "feed_addresses",
    "figures_by_mission",
    "figures_from",
    "headline",
    "validate_feed_addresses",
]
