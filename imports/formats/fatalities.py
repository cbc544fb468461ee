from django.utils.translation import gettext as _

from timeline.models import Casualty

from .fields import category_key, parse_choice, parse_date, parse_mission
from .nationalities import Nationalities
from .table import Parsed, Problem

PERSONNEL_TYPES = {
    "military": Casualty.PersonnelType.MILITARY,
    "police": Casualty.PersonnelType.POLICE,
    "militaryobserver": Casualty.PersonnelType.MILITARY_OBSERVER,
    "internationalcivilian": Casualty.PersonnelType.INTERNATIONAL_CIVILIAN,
    # The UN file says "Local " (with a trailing space) for local civilian staff.
    "local": Casualty.PersonnelType.LOCAL_CIVILIAN,
    "localcivilian": Casualty.PersonnelType.LOCAL_CIVILIAN,
    "other": Casualty.PersonnelType.OTHER,
}
INCIDENT_TYPES = {
    "maliciousact": Casualty.IncidentType.MALICIOUS_ACT,
    "accident": Casualty.IncidentType.ACCIDENT,
    "illness": Casualty.IncidentType.ILLNESS,
    "selfinflicted": Casualty.IncidentType.SELF_INFLICTED,
    "tobedetermined": Casualty.IncidentType.TO_BE_DETERMINED,
    "unknown": Casualty.IncidentType.UNKNOWN,
}
GENDERS = {"": "", "m": "M", "male": "M", "f": "F", "female": "F"}
FATALITY_COLUMNS = (
    "incident_date",
    "casualty_id",
    "mission_acronym",
    "type_of_casualty",
    "gender",
    "casualty_nationality",
    "casualty_personnel_type",
    "type_of_incident",
    "m49_code",
    "isocode3",
)


def parse_fatalities(text, *, missions=None, progress=None):
    """DPPADPOSS-FATALITIES: one row per death, records keyed by `casualty_id`."""
    parsed, nationalities, first_rows = Parsed(), Nationalities(), {}
    for row, values, mission in parsed.read(
        text, required=FATALITY_COLUMNS, mission_column="mission_acronym", missions=missions, progress=progress
    ):
        errors = []
        parse_mission(mission, "mission_acronym", errors)
        casualty_id = values["casualty_id"]
        if not casualty_id:
            errors.append(_("casualty_id is empty"))
        elif len(casualty_id) > 40:
            errors.append(_("casualty_id “%(value)s” is longer than 40 characters") % {"value": casualty_id})
        day = parse_date(values["incident_date"], "incident_date", errors)
        if category_key(values["type_of_casualty"]) != "fatality":
            errors.append(_("type_of_casualty “%(value)s” is not a fatality") % {"value": values["type_of_casualty"]})
        personnel_type = parse_choice(
            values["casualty_personnel_type"], "casualty_personnel_type", PERSONNEL_TYPES, errors
        )
        incident_type = parse_choice(values["type_of_incident"], "type_of_incident", INCIDENT_TYPES, errors)
        gender = GENDERS.get(values["gender"].lower())
        if gender is None:
            errors.append(_("gender “%(value)s” is not M, F or empty") % {"value": values["gender"]})
        nationality, unmapped = nationalities.code(
            name=values["casualty_nationality"],
            iso3=values["isocode3"],
            m49=values["m49_code"],
            errors=errors,
        )
        if values.get("last_update"):  # optional: older copies of the file lack the column
            updated = parse_date(values["last_update"], "last_update", errors)
            if updated and (parsed.last_update is None or updated > parsed.last_update):
                parsed.last_update = updated
        if errors:
            parsed.reject(row, mission, errors)
            continue
        if casualty_id in first_rows:
            first_row, first_values = first_rows[casualty_id]
            # What the two rows say about the death; their line numbers (id) and the file's date may differ.
            differ = [
                column
                for column, value in values.items()
                if column not in ("id", "last_update") and value != first_values.get(column)
            ]
            if not differ:
                parsed.notes.append(
                    Problem(
                        row,
                        _("casualty_id %(id)s is also on row %(first)d; counted once")
                        % {"id": casualty_id, "first": first_row},
                        mission,
                    )
                )
                continue
            # Two accounts of one death: which is right is not for the import to guess.
            differ = ", ".join(differ)
            parsed.reject(
                row,
                mission,
                [
                    _("casualty_id %(id)s is also on row %(first)d, with other %(columns)s")
                    % {"id": casualty_id, "first": first_row, "columns": differ}
                ],
            )
            if parsed.records.pop(casualty_id, None) is not None:
                parsed.reject(
                    first_row,
                    mission,
                    [
                        _("casualty_id %(id)s is also on row %(row)d, with other %(columns)s")
                        % {"id": casualty_id, "row": row, "columns": differ}
                    ],
                )
            continue
        first_rows[casualty_id] = (row, values)
        if unmapped:
            nationalities.unmapped_on(row, unmapped)
        parsed.see_mission(mission, day)
        parsed.records[casualty_id] = {
            "mission": mission.upper(),
            "date": day,
            "personnel_type": personnel_type,
            "incident_type": incident_type,
            "nationality": nationality,
            "gender": gender,
        }
    parsed.notes.extend(nationalities.notes())
    return parsed
