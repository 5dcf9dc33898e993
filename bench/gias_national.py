"""A national-size GIAS establishment file, invented, in the exact published shape.

    python bench/gias_national.py OUT.csv [ROWS] [SEED]

``write_national_file`` writes ``rows`` establishments (50,000 by default, about the size of
the real all-establishments file) spread over 150 invented local authorities ("Local
authority 301"), with roughly the national mix of types, phases and statuses: most are
community, academy converter, sponsor-led, voluntary aided or controlled and foundation
schools, then independent schools, special schools, colleges and the rest, and about 30% are
closed. The shape is the one ``schools.demo.gias_rows`` writes: 140 columns, Windows-1252,
every field quoted, CRLF.

Everything is invented and seeded, so the same arguments give the same bytes. URNs start at
600001 (no real establishment has one that high), websites are under ``.example`` and
telephone numbers are in the ranges Ofcom keeps for drama.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from schools.demo import gias_rows as g  # noqa: E402

FIRST_URN = 600001
LA_COUNT = 150

# (type code, weight): roughly the share of each type in the national file, closed included.
TYPE_WEIGHTS: tuple[tuple[int, float], ...] = (
    (1, 22.0), (34, 18.0), (11, 10.0), (2, 8.0), (28, 6.0), (3, 6.0), (5, 4.0),
    (10, 3.0), (7, 2.5), (15, 1.5), (35, 1.5), (27, 1.5), (14, 1.2), (18, 1.2),
    (30, 1.0), (44, 0.8), (29, 0.5), (37, 0.4), (12, 0.4), (8, 0.3), (33, 0.3), (32, 0.3),
    (36, 0.3), (45, 0.2), (31, 0.2), (26, 0.1), (38, 0.1), (39, 0.1), (40, 0.1), (41, 0.1),
    (42, 0.1), (43, 0.1), (46, 0.05), (24, 0.05), (56, 0.05), (6, 0.03), (49, 0.02),
    (25, 0.01), (57, 0.005),
)  # fmt: skip

MAINTAINED = frozenset({1, 2, 3, 5, 14, 15})
SPECIAL_MAINTAINED = frozenset({7, 12})
ACADEMY = frozenset({28, 33, 34, 42, 43, 44, 45, 46, 57})
SPONSOR_LED = frozenset({28, 33, 43, 46})
FREE = frozenset({35, 36, 38, 39, 40, 41})
INDEPENDENT = frozenset({6, 10, 11})
STATE_FUNDED = MAINTAINED | SPECIAL_MAINTAINED | ACADEMY | FREE
MAINSTREAM = frozenset({1, 2, 3, 5, 28, 34, 35})
NO_PHASE = frozenset(
    {6, 7, 8, 10, 11, 12, 14, 24, 25, 26, 27, 29, 30, 32, 33, 36, 37, 38, 42, 43, 44, 49, 56}
)
SIXTEEN_PLUS = frozenset({18, 31, 39, 45, 46, 57})
ABROAD = frozenset({25, 37})

# Share of closed establishments by kind, tuned so that about 30% of the file is closed.
CLOSED_SHARE = {"maintained": 0.45, "academy": 0.10, "free": 0.05, "independent": 0.35}

REGIONS = (
    ("A", "North East"), ("B", "North West"), ("D", "Yorkshire and the Humber"),
    ("E", "East Midlands"), ("F", "West Midlands"), ("G", "East of England"),
    ("J", "South East"), ("K", "South West"),
)  # fmt: skip
RSC_REGIONS = (
    "North of England", "Lancashire and West Yorkshire", "East Midlands and the Humber",
    "West Midlands", "East of England and North-East London", "South-East England and South London",
    "North-West London and South-Central England", "South-West England",
)  # fmt: skip
URBAN_RURAL = (
    ("A1", "(England/Wales) Urban major conurbation"),
    ("C1", "(England/Wales) Urban city and town"),
    ("D1", "(England/Wales) Rural town and fringe"),
    ("E1", "(England/Wales) Rural village"),
    ("F1", "(England/Wales) Rural hamlet and isolated dwellings"),
)
URBAN_RURAL_WEIGHTS = (30, 40, 12, 12, 6)

PLACE_STARTS = (
    "Ash", "Brook", "Cran", "Dun", "Elm", "Fern", "Glen", "Hay", "Ken", "Lang", "Mar", "Nor",
    "Oak", "Pen", "Rad", "Sand", "Thorn", "Wes", "Bram", "Cold", "Hol", "Lid", "Mill", "Stan",
)  # fmt: skip
PLACE_ENDS = (
    "ford", "ley", "ton", "field", "well", "bury", "wick", "stone", "dale", "ham", "worth",
    "combe", "by", "mere", "hurst", "gate",
)  # fmt: skip
SAINTS = ("Mary", "John", "Peter", "Anne", "Joseph", "Michael", "Andrew", "Thomas", "Paul")
STREET_ENDS = ("Road", "Lane", "Street", "Avenue", "Close", "Way", "Drive", "Grove", "Hill")
FIRST_NAMES = (
    "Sarah", "James", "Helen", "David", "Claire", "Mark", "Emma", "Paul", "Rachel", "Andrew",
    "Joanne", "Richard", "Nicola", "Simon", "Louise", "Peter", "Karen", "Stephen", "Amanda",
    "Mohammed", "Priya", "Chloé", "Zoë", "Siobhán", "Gareth", "Tomasz", "Adebayo", "Mei",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "O’Brien", "D’Souza", "Khan", "Nowak", "Okafor", "Hughes",
)  # fmt: skip
TITLES = ("Mrs", "Mr", "Ms", "Miss", "Dr", "Mrs", "Mr", "Mrs")
JOB_TITLES = ("Headteacher",) * 12 + (
    "Head of School", "Executive Headteacher", "Principal", "Acting Headteacher", "Head Teacher",
)  # fmt: skip
RATINGS = (
    "Outstanding", "Good", "Requires improvement", "Inadequate", "Special Measures",
    "Serious Weaknesses", "",
)  # fmt: skip
RATING_WEIGHTS = (16, 60, 12, 3, 1, 1, 7)
# Ofcom's drama ranges: (prefix, how many numbers the range holds).
DRAMA_PHONES = (
    ("01134960", 1000), ("01144960", 1000), ("01154960", 1000), ("01164960", 1000),
    ("01174960", 1000), ("01184960", 1000), ("01214960", 1000), ("01314960", 1000),
    ("01414960", 1000), ("01514960", 1000), ("01614960", 1000), ("02079460", 1000),
    ("01914980", 1000), ("016329600", 100),
)  # fmt: skip
POSTCODE_AREAS = (
    "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CM", "CO", "CR",
    "CT", "CV", "DA", "DE", "DH", "DL", "DN", "DT", "DY", "E", "EN", "EX", "GL", "GU", "HA",
    "HD", "HG", "HP", "HU", "HX", "IG", "IP", "KT", "L", "LA", "LE", "LN", "LS", "LU", "M",
    "ME", "MK", "N", "NE", "NG", "NN", "NR", "NW", "OL", "OX", "PE", "PL", "PO", "PR", "RG",
    "RH", "RM", "S", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW",
    "TA", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WD", "WF", "WN", "WR", "WS",
    "WV", "YO",
)  # fmt: skip
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SEN_TYPES = (
    "ASD - Autistic Spectrum Disorder",
    "SLCN - Speech, language and Communication",
    "SEMH - Social, Emotional and Mental Health",
    "MLD - Moderate Learning Difficulty",
    "SLD - Severe Learning Difficulty",
    "PMLD - Profound and Multiple Learning Difficulty",
)


def _local_authorities(rng: random.Random) -> list[dict[str, object]]:
    """150 invented LAs with real-style codes: every London and metropolitan code, then a
    sample of the county and unitary codes. Each gets a size weight, a region and a grid
    reference to put its establishments around."""
    codes = [
        c for lo, hi in ((201, 213), (301, 320), (330, 344), (350, 359)) for c in range(lo, hi + 1)
    ]
    codes += [c for lo, hi in ((370, 373), (380, 384), (390, 394)) for c in range(lo, hi + 1)]
    others = list(range(800, 897)) + list(range(908, 939))
    codes += rng.sample(others, LA_COUNT - len(codes))
    authorities = []
    for code in sorted(codes):
        london = code < 330
        region = ("H", "London") if london else rng.choice(REGIONS)
        authorities.append(
            {
                "code": str(code),
                "name": f"Local authority {code}",
                "weight": rng.lognormvariate(0, 0.6) * (0.6 if london else 1.0),
                "region": region,
                "rsc": RSC_REGIONS[5] if london else rng.choice(RSC_REGIONS),
                "gss": f"E0{9 if london else 6}{code:06d}",
                "county": "" if london or code < 800 else f"County {code}",
                "postcode": rng.choice(("SW", "SE", "N", "E", "W", "NW"))
                if london
                else rng.choice(POSTCODE_AREAS),
                "easting": rng.randrange(350000, 560000)
                if not london
                else rng.randrange(520000, 545000),
                "northing": rng.randrange(100000, 560000)
                if not london
                else rng.randrange(170000, 195000),
                "constituencies": [
                    f"Constituency {code}-{n}" for n in range(1, rng.randrange(2, 8))
                ],
            }
        )
    return authorities


def _third_thursday_of_january(year: int) -> date:
    first = date(year, 1, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 14)


def _rows(rows: int, seed: int) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    rand, randrange, choice, choices = rng.random, rng.randrange, rng.choice, rng.choices
    authorities = _local_authorities(rng)
    la_weights = [a["weight"] for a in authorities]
    type_codes = [code for code, _ in TYPE_WEIGHTS]
    type_weights = [weight for _, weight in TYPE_WEIGHTS]
    types = [g.TYPE_BY_CODE[code] for code in type_codes]
    template = g.england_row()
    census = g.gias_date(g.CENSUS_DATE)
    places = [a + b for a in PLACE_STARTS for b in PLACE_ENDS]
    extract = date(2026, 11, 2)
    census_in = {y: g.gias_date(_third_thursday_of_january(y)) for y in range(1985, 2028)}
    urn = FIRST_URN - 1

    # Draw the big categorical choices in bulk: much faster than one call per row.
    la_for = choices(authorities, la_weights, k=rows)
    type_for = choices(types, type_weights, k=rows)
    rating_for = choices(RATINGS, RATING_WEIGHTS, k=rows)
    urban_for = choices(URBAN_RURAL, URBAN_RURAL_WEIGHTS, k=rows)

    for i in range(rows):
        urn += 1 if rand() < 0.8 else randrange(2, 6)
        la, t = la_for[i], type_for[i]
        code = t.code
        row = template.copy()
        row["URN"] = str(urn)

        # Where the establishment sits.
        if code in ABROAD:
            row["LA (code)"], row["LA (name)"] = "0", "Does not apply"
        elif code == 30:
            welsh = 660 + urn % 22
            row["LA (code)"], row["LA (name)"] = str(welsh), f"Local authority {welsh}"
        else:
            row["LA (code)"], row["LA (name)"] = la["code"], la["name"]
        row["TypeOfEstablishment (code)"] = str(code)
        row["TypeOfEstablishment (name)"] = t.name
        row["EstablishmentTypeGroup (code)"] = str(t.group_code)
        row["EstablishmentTypeGroup (name)"] = t.group_name

        # Status.
        if code in MAINTAINED or code in SPECIAL_MAINTAINED:
            closed_share = CLOSED_SHARE["maintained"]
        elif code in ACADEMY:
            closed_share = CLOSED_SHARE["academy"]
        elif code in FREE or code == 49:
            closed_share = CLOSED_SHARE["free"]
        else:
            closed_share = CLOSED_SHARE["independent"]
        roll = rand()
        if roll < closed_share:
            status = 2
        elif roll < closed_share + 0.004:
            status = 3
        elif roll < closed_share + 0.01:
            status = 4
        else:
            status = 1
        row["EstablishmentStatus (code)"] = str(status)
        row["EstablishmentStatus (name)"] = g.STATUSES[status]

        # Phase and ages.
        if code == 15:
            phase, low, high = 1, choice((2, 3)), 5
        elif code in SIXTEEN_PLUS:
            phase, low, high = 6, 16, 99 if code == 18 else 19
        elif code in NO_PHASE:
            phase = 0
            low, high = choice(((2, 11), (3, 18), (4, 13), (11, 16), (11, 19), (5, 16), (2, 19)))
        else:
            p = rand()
            if p < 0.75:
                phase, low, high = 2, choice((3, 4, 4, 4, 5, 7)), choice((11, 11, 11, 7))
                if low >= high:
                    low = 4
            elif p < 0.94:
                phase, low, high = 4, 11, choice((16, 18, 18))
            elif p < 0.97:
                phase, low, high = 7, choice((3, 4)), 18
            elif p < 0.985:
                phase, low, high = 3, 8, 12
            else:
                phase, low, high = 5, 9, 13
        if code in (27, 29, 56) and rand() < 0.7:
            low = high = None
        row["PhaseOfEducation (code)"] = str(phase)
        row["PhaseOfEducation (name)"] = g.PHASES[phase]
        if low is not None:
            row["StatutoryLowAge"], row["StatutoryHighAge"] = str(low), str(high)
            row["NurseryProvision (name)"] = (
                "Has Nursery Classes" if low <= 3 else "No Nursery Classes"
            )
        if phase in (2, 3, 4, 5, 7):
            sixth = 1 if high >= 18 else 2
        else:
            sixth = 1 if phase == 6 and code != 18 else 0
        row["OfficialSixthForm (code)"] = str(sixth)
        row["OfficialSixthForm (name)"] = g.OFFICIAL_SIXTH_FORM[sixth]
        gender = 3
        if (phase == 4 and rand() < 0.1) or (code in INDEPENDENT and rand() < 0.15):
            gender = choice((1, 2))
        if code not in (27, 29, 56) or rand() < 0.5:
            row["Gender (code)"], row["Gender (name)"] = str(gender), g.GENDERS[gender]
        special = 1 if code in (7, 8, 10, 12, 14, 33, 36, 44) else (2 if code in MAINSTREAM else 0)
        row["SpecialClasses (code)"] = str(special)
        row["SpecialClasses (name)"] = g.SPECIAL_CLASSES[special]

        # Name and faith.
        place = choice(places)
        faith = code in (2, 3) or (code in (34, 5) and rand() < 0.2)
        if faith:
            saint = choice(SAINTS)
            apostrophe = "’" if rand() < 0.3 else "'"
            if rand() < 0.6:
                stem = f"St {saint}{apostrophe}s CofE"
                g.set_pair(row, "ReligiousCharacter", 2, "Church of England")
                g.set_pair(row, "Diocese", f"CE{randrange(1, 44):02d}", "Diocese of " + place)
            else:
                stem = f"St {saint}{apostrophe}s Catholic"
                g.set_pair(row, "ReligiousCharacter", 3, "Roman Catholic")
                g.set_pair(row, "Diocese", f"RC{randrange(1, 23):02d}", "Diocese of " + place)
            row["ReligiousEthos (name)"] = "Does not apply"
        else:
            stem = place
            if code in INDEPENDENT:
                g.set_pair(row, "ReligiousCharacter", 6, "None")
                row["ReligiousEthos (name)"] = choice(("None", "None", "Christian"))
            else:
                g.set_pair(row, "ReligiousCharacter", 0, "Does not apply")
                row["ReligiousEthos (name)"] = "Does not apply"
        if code == 15:
            suffix = "Nursery School"
        elif code == 18:
            suffix = choice(("College", "College of Further Education"))
        elif phase == 6:
            suffix = "Sixth Form College"
        elif code in ACADEMY or code in FREE:
            suffix = choice(("Academy", "Primary Academy" if phase == 2 else "Academy", "School"))
        elif phase == 2:
            suffix = (
                "Infant School"
                if high == 7
                else ("Junior School" if low == 7 else "Primary School")
            )
        elif phase in (4, 5):
            suffix = choice(("High School", "School", "Community College"))
        elif code in (7, 10, 12, 8):
            suffix = "School"
        elif code == 14:
            suffix = "Pupil Referral Unit"
        else:
            suffix = choice(("School", "Centre"))
        row["EstablishmentName"] = f"{stem} {suffix}"
        row["EstablishmentNumber"] = (
            "" if code in ABROAD or code == 29 else str(randrange(1000, 8000))
        )

        # Opening and closing.
        opened = None
        if code in ACADEMY:
            opened = date(2010 if code not in SPONSOR_LED else 2003, 9, 1) + timedelta(
                randrange(5500)
            )
            reason = 0 if code in SPONSOR_LED else 10
            row["ReasonEstablishmentOpened (code)"] = str(reason)
            row["ReasonEstablishmentOpened (name)"] = g.REASON_OPENED[reason]
            row["ReasonEstablishmentClosed (code)"], row["ReasonEstablishmentClosed (name)"] = (
                "99",
                "",
            )
        elif code in FREE or code == 49 or status == 4:
            opened = date(2011, 9, 1) + timedelta(randrange(5000))
            row["ReasonEstablishmentOpened (code)"] = "3"
            row["ReasonEstablishmentOpened (name)"] = "New Provision"
        elif rand() < 0.25:
            opened = (
                date(1900, 1, 1) if rand() < 0.4 else date(1950, 1, 1) + timedelta(randrange(25000))
            )
        if status == 4:
            opened = extract + timedelta(randrange(30, 600))
        row["OpenDate"] = g.gias_date(opened)
        closed = None
        if status in (2, 3):
            if status == 2:
                start = max(opened or date(1985, 1, 1), date(1985, 1, 1))
                closed = start + timedelta(randrange(max(1, (extract - start).days)))
            else:
                closed = extract + timedelta(randrange(30, 400))
            if code not in MAINTAINED:
                reason = 2
            elif closed.year < 2010:
                reason = choice((2, 2, 1))
            else:
                reason = choice((2, 6, 6, 6, 1))
            names = g.REASON_CLOSED | g.REASON_CLOSED_GUESSED
            row["ReasonEstablishmentClosed (code)"] = str(reason)
            row["ReasonEstablishmentClosed (name)"] = names[reason]
            row["CloseDate"] = g.gias_date(closed)

        # Numbers.
        has_roll = status != 4 and (code in STATE_FUNDED or code in INDEPENDENT or code in (8, 24))
        if has_roll and phase != 6 and rand() < 0.95:
            if phase == 2:
                capacity = choice((90, 105, 210, 210, 315, 420, 420, 630))
            elif phase in (4, 7):
                capacity = randrange(600, 2000, 10)
            elif phase == 1:
                capacity = randrange(40, 140)
            else:
                capacity = randrange(20, 400)
            row["SchoolCapacity"] = str(capacity)
            if not (status == 2 and rand() < 0.5):
                pupils = max(1, int(capacity * (0.6 + 0.45 * rand())))
                boys = (
                    pupils
                    if gender == 1
                    else 0
                    if gender == 2
                    else int(pupils * (0.45 + 0.1 * rand()))
                )
                row["NumberOfPupils"] = str(pupils)
                row["NumberOfBoys"], row["NumberOfGirls"] = str(boys), str(pupils - boys)
                row["CensusDate"] = census if status != 2 else census_in[closed.year]
                if code in STATE_FUNDED:
                    fsm = int(pupils * (0.04 + 0.4 * rand() * rand()))
                    row["FSM"] = str(fsm)
                    row["PercentageFSM"] = f"{100 * fsm / pupils:.1f}"
                else:
                    row["FSM"] = row["PercentageFSM"] = "0"

        # Trusts, sponsors, federations, identifiers.
        if code in ACADEMY or code in FREE:
            trust_no = randrange(1000, 18000)
            multi = rand() < 0.8
            row["TrustSchoolFlag (code)"] = "3" if multi else "5"
            row["TrustSchoolFlag (name)"] = (
                "Supported by a multi-academy trust"
                if multi
                else "Supported by a single-academy trust"
            )
            kind = "LEARNING" if multi else "ACADEMY"
            trust = f"{places[trust_no % len(places)].upper()} {kind} TRUST"
            row["Trusts (code)"], row["Trusts (name)"] = str(trust_no), trust
            if code in SPONSOR_LED or (multi and rand() < 0.5):
                row["SchoolSponsorFlag (name)"] = "Linked to a sponsor"
                row["SchoolSponsors (name)"] = trust.title()
        elif code in MAINTAINED:
            row["FederationFlag (name)"] = "Not under a federation"
            if rand() < 0.06:
                row["FederationFlag (name)"] = "Supported by a federation"
                row["Federations (code)"] = str(randrange(100000, 200000))
                row["Federations (name)"] = f"The {place} Federation"
            if code == 5 and rand() < 0.5:
                row["TrustSchoolFlag (code)"], row["TrustSchoolFlag (name)"] = (
                    "1",
                    "Supported by a trust",
                )
                row["Trusts (code)"], row["Trusts (name)"] = (
                    str(randrange(1000, 18000)),
                    f"{place} Trust",
                )
        if status != 2 or rand() < 0.5:
            row["UKPRN"] = str(10000000 + randrange(100000))
        if code in (18, 29):
            row["FurtherEducationType (name)"] = (
                choice(g.FURTHER_EDUCATION_TYPES) if code == 18 else ""
            )
            row["FEHEIdentifier"] = str(randrange(100000, 140000))

        # Inspection.
        if code in STATE_FUNDED or code in (8, 10, 18):
            rating = rating_for[i] if status != 4 else ""
            if rating and status == 2 and rand() < 0.5:
                rating = ""
            row["OfstedRating (name)"] = rating
            if rating:
                last = closed if closed and closed < extract else date(2024, 7, 19)
                row["OfstedLastInsp"] = g.gias_date(last - timedelta(randrange(30, 3000)))
        if code in INDEPENDENT:
            row["InspectorateName (name)"] = "ISI" if rand() < 0.5 else "Ofsted"
            row["BoardingEstablishment (name)"] = "Does not have boarders"
            row["Section41Approved (name)"] = "Not approved"
            row["PropsName"] = f"{place} Education Ltd"
        if code in (7, 8, 10, 12, 33, 36, 44):
            row["SEN1 (name)"] = choice(SEN_TYPES)
            if rand() < 0.5:
                row["SEN2 (name)"] = choice(SEN_TYPES)

        # Address and contact.
        if code in ABROAD:
            row["Town"] = choice(("Dubai", "Madrid", "Singapore", "Nairobi", "Lisbon"))
            row["Country (name)"] = choice(("United Arab Emirates", "Spain", "Singapore", "Kenya"))
            g.set_pair(row, "GOR", "Z", "Not Applicable")
        else:
            row["Street"] = f"{choice(places)} {choice(STREET_ENDS)}"
            if rand() < 0.4:
                row["Locality"] = choice(places)
            if rand() < 0.05:
                row["Address3"] = choice(places)
            row["Town"] = "London" if la["region"][0] == "H" else choice(places)
            row["County (name)"] = la["county"] if rand() < 0.7 else ""
            if rand() < 0.995:
                row["Postcode"] = (
                    f"{la['postcode']}{randrange(1, 30)} {randrange(1, 10)}"
                    f"{choice(INWARD_LETTERS)}{choice(INWARD_LETTERS)}"
                )
            region = la["region"] if code != 30 else ("W", "Wales (pseudo)")
            row["GOR (code)"], row["GOR (name)"] = region
            row["DistrictAdministrative (code)"] = la["gss"]
            row["DistrictAdministrative (name)"] = la["name"]
            row["AdministrativeWard (name)"] = f"{choice(places)} Ward"
            row["ParliamentaryConstituency (name)"] = choice(la["constituencies"])
            row["UrbanRural (code)"], row["UrbanRural (name)"] = urban_for[i]
            row["GSSLACode (name)"] = la["gss"]
            row["Easting"] = str(la["easting"] + randrange(-15000, 15000))
            row["Northing"] = str(la["northing"] + randrange(-15000, 15000))
            msoa = randrange(1, 60)
            row["MSOA (name)"] = f"{la['name']} {msoa:03d}"
            row["LSOA (name)"] = f"{la['name']} {msoa:03d}{choice('ABCDEF')}"
            row["RSCRegion (name)"] = la["rsc"]
        if status != 2 or rand() < 0.3:
            if rand() < 0.85:
                host = f"{place.lower()}{urn % 1000}.example"
                row["SchoolWebsite"] = choice(
                    (f"www.{host}", f"https://www.{host}/", f"http://{host}")
                )
            if rand() < 0.92:
                prefix, size = choice(DRAMA_PHONES)
                row["TelephoneNum"] = f"{prefix}{randrange(size):0{11 - len(prefix)}d}"
        if rand() < (0.9 if status != 2 else 0.4):
            row["HeadTitle (name)"] = choice(TITLES)
            row["HeadFirstName"] = choice(FIRST_NAMES)
            row["HeadLastName"] = choice(LAST_NAMES)
        if status != 2 or rand() < 0.5:
            row["HeadPreferredJobTitle"] = choice(JOB_TITLES)

        # When the record last changed.
        if closed and status == 2:
            changed = min(closed + timedelta(randrange(1, 90)), extract)
        else:
            changed = extract - timedelta(randrange(700))
        row["LastChangedDate"] = g.gias_date(changed)
        yield row


def write_national_file(path: str | Path, rows: int = 50_000, seed: int = 2024) -> None:
    """Write ``rows`` invented establishments to ``path`` in the published GIAS shape."""
    g.write_gias_csv(path, _rows(rows, seed))


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] in {"-h", "--help"}:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rows = int(argv[2]) if len(argv) > 2 else 50_000
    seed = int(argv[3]) if len(argv) > 3 else 2024
    started = time.perf_counter()
    write_national_file(argv[1], rows=rows, seed=seed)
    print(f"wrote {rows:,} rows to {argv[1]} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
