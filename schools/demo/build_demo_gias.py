"""Build the demo borough's GIAS establishment file: invented schools, the published shape.

    python schools/demo/build_demo_gias.py [OUTPUT]

writes ``schools/demo/edubasealldata_LA212_demo.csv`` (or OUTPUT): about 90 INVENTED
establishments of LA 212 (Wandsworth), in the exact shape of the DfE's "All establishment
data" download (140 columns, Windows-1252, every field quoted, CRLF). Nothing in it is a
real school or person: URNs are 990001-990999 (GIAS does not use them), names and streets
are made up, websites are under ``.example``, telephone numbers are in 020 7946 0xxx (held
back by Ofcom for drama) and UKPRNs start 1099. The output is the same on every run.
"""

from __future__ import annotations

import random
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from schools.demo import gias_rows as g  # noqa: E402

OUTPUT = Path(__file__).with_name("edubasealldata_LA212_demo.csv")
SEED = 212
LA_CODE, LA_NAME = 212, "Wandsworth"
FIRST_URN = 990001
# The demo extract is "as at" this day: LastChangedDate is never later.
EXTRACT_DATE = date(2026, 11, 2)

AUTO = object()  # "work it out" for the fields that can also be left blank on purpose

# fmt: off
# Areas of the borough: postcode district, wards and constituency, and a box of national grid
# references to place an invented site in. Wards and constituencies are the real ones.
AREAS = {
    "Battersea": ("SW11", ("Battersea Park", "Falconbrook", "Lavender", "Shaftesbury & Queenstown", "St Mary's", "Northcote"), "Battersea", (527300, 528600, 175400, 176800)),  # noqa: E501
    "Nine Elms": ("SW8", ("Nine Elms",), "Battersea", (529000, 529800, 177000, 177500)),
    "Balham": ("SW12", ("Balham", "South Balham"), "Tooting", (528400, 529200, 173000, 173800)),
    "Putney": ("SW15", ("East Putney", "Thamesfield", "West Putney"), "Putney", (523400, 524500, 175000, 175800)),  # noqa: E501
    "Roehampton": ("SW15", ("Roehampton",), "Putney", (521900, 523000, 173800, 174800)),
    "Wandsworth": ("SW18", ("Wandsworth Town", "West Hill"), "Putney", (525400, 526200, 174400, 175200)),  # noqa: E501
    "Southfields": ("SW18", ("Southfields",), "Putney", (525000, 525600, 172800, 173600)),
    "Earlsfield": ("SW18", ("Wandle", "Wandsworth Common"), "Tooting", (526300, 527000, 172700, 173600)),  # noqa: E501
    "Tooting": ("SW17", ("Tooting Bec", "Tooting Broadway", "Furzedown", "Trinity"), "Tooting", (527400, 528600, 171000, 172100)),  # noqa: E501
}

STREETS = (
    "Thornbury Lane", "Quillfield Road", "Marrowby Park Road", "Pellingham Road", "Corvane Road",
    "Ashwhistle Street", "Hollowmere Avenue", "Brackenfold Road", "Kestwick Grove",
    "Fennimore Green", "Larchwood Vale", "Sedgecombe Street", "Orrinsmoor Gardens",
    "Wexcombe Road", "Dunmarsh Lane", "Calderbrook Road", "Heathfold Rise", "Pippin Row",
    "Cobblestone Walk", "Lanyard Street", "Tamsel Crescent", "Harebell Mews", "Juniper Drift",
    "Mallowfield Road", "Swiftbrook Lane", "Wrenfield Terrace", "Cedarwell Road",
    "Linnet Green", "Gallowbrook Avenue", "Bellmoor Street", "Drayfield Road",
    "Ormondsey Place", "Sorrel Bank", "Quaymarsh Road", "Tidewater Walk", "Foundry Yard",
    "Sandpiper Way", "Merriweather Road", "Bellingdon Avenue", "Kingsgrove Place",
)

FEMALE_NAMES = (
    "Amara", "Catherine", "Eleanor", "Grace", "Imogen", "Kavita", "Marguerite", "Nadia", "Priya",
    "Rachel", "Ursula", "Victoria", "Yasmin", "Zoë", "Hélène", "Chloé", "Siobhán", "Renée", "Mei",
    "Fatima", "Helen",
)
MALE_NAMES = (
    "Ben", "Daniel", "Farid", "Hamish", "Jonah", "Liam", "Oliver", "Samuel", "Tobias", "William",
    "Benoît", "Jérôme", "Adebayo", "Tomasz", "Gareth",
)
LAST_NAMES = (
    "Ashworth", "Bellamy", "Carrington", "D’Souza", "Ellery", "Fairweather", "Greenhalgh",
    "Hartigan", "Iqbal", "Jarrow", "Kowalczyk", "Lefèvre", "Mensah", "Northcott", "O’Donnell",
    "Pemberton", "Quaye", "Radcliffe", "Sørby", "Thackeray", "Underwood", "Vaughan",
    "Whitcombe", "Yeoman", "Côté", "Okonkwo", "Brannigan", "Chaudhry", "Delacroix", "Evans",
)
FEMALE_TITLES = ("Mrs", "Ms", "Miss", "Mrs", "Ms", "Dr")
MALE_TITLES = ("Mr", "Mr", "Mr", "Dr")
# fmt: on
SEN_TYPES = (
    "ASD - Autistic Spectrum Disorder",
    "SLCN - Speech, language and Communication",
    "SEMH - Social, Emotional and Mental Health",
    "MLD - Moderate Learning Difficulty",
    "SLD - Severe Learning Difficulty",
    "PMLD - Profound and Multiple Learning Difficulty",
    "SpLD - Specific Learning Difficulty",
    "HI - Hearing Impairment",
    "PD - Physical Disability",
)

# Trusts and sponsors, all invented: (Trusts (code), Trusts (name), sponsor name or "").
TRUSTS = {
    "larkspur": ("99001", "LARKSPUR ACADEMIES TRUST", "Larkspur Academies Trust"),
    "quill": ("99002", "QUILLFIELD EDUCATION PARTNERSHIP", "Quillfield Education Partnership"),
    "tideway": ("99003", "TIDEWAY LEARNING COMMUNITY TRUST", "Tideway Learning Community"),
    "heron": ("99004", "HERONSGATE CATHOLIC ACADEMY TRUST", ""),
    "beacon": ("99005", "BEACON BRIDGE ALTERNATIVE PROVISION TRUST", "Beacon Bridge Trust"),
}
FOUNDATION_TRUST = ("99006", "Marrowby Foundation Trust")
FEDERATION = ("99101", "The Brackenfold Schools Federation")

MAINTAINED = {1, 2, 3, 5, 14, 15, 7, 12}
ACADEMY = {28, 33, 34, 42, 43, 44, 45, 46, 57}
FREE = {35, 36, 38, 39, 40, 41}
INDEPENDENT = {6, 10, 11}
SPECIAL = {7, 8, 10, 12, 33, 36, 44}
PRU_LIKE = {14, 38, 42, 43}
COLLEGE = {18, 31}


@dataclass
class Spec:
    name: str
    type_code: int
    phase: int
    ages: tuple[int, int] | None
    area: str
    status: int = 1
    gender: int | None = 3
    faith: str = ""  # "CE", "RC", or an independent school's ethos
    capacity: int | None = None
    pupils: object = AUTO  # None: blank
    rating: object = AUTO  # None: blank
    trust: str = ""
    opened: date | None = None
    open_reason: int | None = None
    closed: date | None = None
    close_reason: int | None = None
    fe_type: str = ""
    type_name: str = ""
    group_name: str = ""
    job: str = ""
    head: object = AUTO  # None: no head recorded
    sen: tuple[str, ...] = ()
    federated: bool = False
    resourced: str = ""
    ukprn: bool = True
    extra: dict[str, str] = field(default_factory=dict)


def S(*args, **kwargs) -> Spec:  # short, so that SPECS reads as a table
    return Spec(*args, **kwargs)


D = date
# fmt: off
SPECS: list[Spec] = [
    # -- Local authority maintained: community (one old spelling of the type, one of the group)
    S("Thornbury Lane Primary School", 1, 2, (3, 11), "Battersea", capacity=630, rating="Outstanding", resourced="Resourced provision"),  # noqa: E501
    S("Quillfield Primary School", 1, 2, (4, 11), "Putney", capacity=420, rating="Good"),
    S("Marrowby Park Primary School", 1, 2, (3, 11), "Tooting", capacity=420, rating="Good"),
    S("Pellingham Road Primary School", 1, 2, (4, 11), "Balham", capacity=210, rating="Requires improvement"),  # noqa: E501
    S("Corvane Primary School", 1, 2, (3, 11), "Roehampton", capacity=420, rating="Good"),
    S("Ashwhistle Primary School", 1, 2, (4, 11), "Earlsfield", capacity=630, rating="Outstanding"),  # noqa: E501
    S("Hollowmere Primary School", 1, 2, (4, 11), "Southfields", capacity=420, rating="Good", pupils=None),  # noqa: E501
    S("Brackenfold Infant School", 1, 2, (3, 7), "Wandsworth", capacity=270, rating="Good", federated=True, job="Head of School"),  # noqa: E501
    S("Brackenfold Junior School", 1, 2, (7, 11), "Wandsworth", capacity=360, rating="Good", federated=True, job="Executive Headteacher"),  # noqa: E501
    S("Kestwick Primary School", 1, 2, (4, 11), "Tooting", capacity=420, rating="Good", type_name=g.OLD_TYPE_NAMES[1]),  # noqa: E501
    S("Fennimore Green Primary School", 1, 2, (3, 11), "Battersea", capacity=420, rating="Outstanding", group_name=g.OLD_GROUP_NAMES[4]),  # noqa: E501
    S("Larchwood Vale Primary School", 1, 2, (4, 11), "Nine Elms", capacity=420, rating="Good", opened=D(2019, 9, 1), open_reason=3),  # noqa: E501
    S("Sedgecombe Primary School", 1, 2, (4, 11), "Battersea", status=3, capacity=420, pupils=173, rating="Good", closed=D(2027, 8, 31), close_reason=2),  # noqa: E501
    S("Orrinsmoor Gardens Primary School", 1, 2, (4, 11), "Putney", status=2, capacity=210, rating="Requires improvement", closed=D(2020, 8, 31), close_reason=2),  # noqa: E501
    S("Wexcombe Infant School", 1, 2, (4, 7), "Tooting", status=2, capacity=180, rating="Good", closed=D(2017, 8, 31), close_reason=1, head=None),  # noqa: E501
    S("Dunmarsh Primary School", 1, 2, (4, 11), "Southfields", capacity=420, rating="Serious Weaknesses"),  # noqa: E501
    S("Calderbrook School", 1, 4, (11, 18), "Earlsfield", capacity=1350, rating="Good"),  # noqa: E501
    S("Heathfold Secondary School", 1, 4, (11, 16), "Roehampton", status=2, capacity=900, rating="Inadequate", closed=D(2018, 8, 31), close_reason=6),  # noqa: E501
    # -- Local authority nurseries and pupil referral units
    S("Pippin Row Nursery School", 15, 1, (2, 5), "Battersea", capacity=None, rating="Outstanding"),  # noqa: E501
    S("Cobblestone Nursery School and Children’s Centre", 15, 1, (2, 5), "Tooting", capacity=None, rating="Outstanding"),  # noqa: E501
    S("Little Larches Nursery School", 15, 1, (3, 5), "Putney", capacity=None, rating="Good"),
    S("The Lanyard Centre", 14, 0, (11, 16), "Wandsworth", capacity=60, rating="Good", job="Centre Manager"),  # noqa: E501
    S("Corvane Road Primary Pupil Referral Unit", 14, 0, (5, 11), "Roehampton", capacity=24, rating="Outstanding"),  # noqa: E501
    # -- Voluntary aided, voluntary controlled and foundation schools
    S("St Aldhelm’s CofE Primary School", 2, 2, (4, 11), "Putney", faith="CE", capacity=210, rating="Outstanding"),  # noqa: E501
    S("St Wenna’s Church of England Primary School", 2, 2, (3, 11), "Battersea", faith="CE", capacity=420, rating="Good"),  # noqa: E501
    S("Holy Trinity Marrowby CofE Primary School", 2, 2, (4, 11), "Tooting", faith="CE", capacity=210, rating="Good"),  # noqa: E501
    S("St Cuthman’s CofE Primary School", 2, 2, (4, 11), "Southfields", faith="CE", capacity=420, rating="Outstanding"),  # noqa: E501
    S("All Hallows Quillfield CofE Primary School", 2, 2, (4, 11), "Wandsworth", faith="CE", capacity=210, rating="Good", pupils=None),  # noqa: E501
    S("St Brendan’s Catholic Primary School", 2, 2, (3, 11), "Balham", faith="RC", capacity=420, rating="Outstanding"),  # noqa: E501
    S("St Thérèse of Lisieux Catholic Primary School", 2, 2, (4, 11), "Earlsfield", faith="RC", capacity=210, rating="Good"),  # noqa: E501
    S("St Columba’s Catholic Primary School", 2, 2, (4, 11), "Roehampton", faith="RC", capacity=420, rating="Requires improvement"),  # noqa: E501
    S("Our Lady of the Tideway RC Primary School", 2, 2, (4, 11), "Nine Elms", faith="RC", capacity=210, rating="Good"),  # noqa: E501
    S("St Hildegard’s Catholic High School for Girls", 2, 4, (11, 18), "Tooting", gender=2, faith="RC", capacity=1080, rating="Outstanding"),  # noqa: E501
    S("St Osric’s CofE Primary School", 3, 2, (4, 11), "Balham", status=3, faith="CE", capacity=210, rating="Requires improvement", closed=D(2027, 3, 31), close_reason=6),  # noqa: E501
    S("St Bega’s CofE Primary School", 3, 2, (4, 11), "Putney", faith="CE", capacity=315, rating="Good"),  # noqa: E501
    S("Marrowby Parish CofE Primary School", 3, 2, (4, 11), "Tooting", faith="CE", capacity=210, rating="Good"),  # noqa: E501
    S("Larkspur Primary School", 5, 2, (3, 11), "Earlsfield", capacity=630, rating="Good", trust="foundation"),  # noqa: E501
    S("Kestrel Hill Boys’ School", 5, 4, (11, 18), "Wandsworth", gender=1, capacity=1200, rating="Good", trust="foundation"),  # noqa: E501
    # -- Special schools
    S("Meadowsweet School", 7, 0, (2, 19), "Tooting", capacity=140, rating="Outstanding", sen=(SEN_TYPES[4], SEN_TYPES[5])),  # noqa: E501
    S("Harebell House School", 7, 0, (4, 11), "Battersea", capacity=90, rating="Good", sen=(SEN_TYPES[0], SEN_TYPES[1])),  # noqa: E501
    S("Thistledown School", 7, 0, (11, 19), "Southfields", capacity=160, rating="Good", sen=(SEN_TYPES[0],)),  # noqa: E501
    S("The Brambles School", 12, 0, (5, 16), "Roehampton", capacity=110, rating="Requires improvement", sen=(SEN_TYPES[3],)),  # noqa: E501
    S("The Calloway Trust School", 8, 0, (5, 19), "Putney", capacity=85, rating="Good", sen=(SEN_TYPES[7],), job="Principal"),  # noqa: E501
    S("Fernhollow School", 10, 0, (7, 19), "Balham", capacity=70, rating="Good", sen=(SEN_TYPES[6], SEN_TYPES[1])),  # noqa: E501
    S("Bramblegate Learning Centre", 10, 0, (11, 16), "Battersea", status=2, capacity=40, rating=None, closed=D(2022, 7, 7), close_reason=2, sen=(SEN_TYPES[2],), opened=D(1994, 9, 12)),  # noqa: E501
    # -- Academies
    S("Harrowdene Primary School", 34, 2, (4, 11), "Putney", capacity=420, trust="larkspur", opened=D(2012, 4, 1)),  # noqa: E501
    S("Sorrel Bank Primary School", 34, 2, (3, 11), "Battersea", capacity=630, trust="larkspur", opened=D(2013, 9, 1)),  # noqa: E501
    S("Juniper Hill Primary School", 34, 2, (4, 11), "Tooting", capacity=420, trust="quill", opened=D(2015, 1, 1)),  # noqa: E501
    S("Mallowfield Primary School", 34, 2, (4, 11), "Earlsfield", capacity=210, trust="sat:MALLOWFIELD ACADEMY TRUST", opened=D(2011, 8, 1)),  # noqa: E501
    S("Swiftbrook Primary School", 34, 2, (4, 11), "Wandsworth", capacity=420, trust="quill", opened=D(2016, 9, 1)),  # noqa: E501
    S("Wrenfield Primary School", 34, 2, (3, 11), "Balham", capacity=630, trust="larkspur", opened=D(2017, 11, 1), pupils=None),  # noqa: E501
    S("St Ninian’s Catholic Primary School", 34, 2, (4, 11), "Roehampton", faith="RC", capacity=210, trust="heron", opened=D(2019, 4, 1)),  # noqa: E501
    S("Linnet Green Primary School", 34, 2, (4, 11), "Nine Elms", capacity=420, trust="quill", opened=D(2021, 9, 1), rating="Special Measures"),  # noqa: E501
    S("Cedarwell School", 34, 4, (11, 18), "Putney", capacity=1500, trust="sat:CEDARWELL SCHOOL ACADEMY TRUST", opened=D(2011, 4, 1)),  # noqa: E501
    S("Bellcroft School", 34, 4, (11, 16), "Tooting", gender=2, capacity=900, trust="tideway", opened=D(2012, 8, 1)),  # noqa: E501
    S("Ravensmede School", 34, 4, (11, 18), "Southfields", capacity=1200, trust="larkspur", opened=D(2014, 9, 1)),  # noqa: E501
    S("Kingfisher Reach School", 34, 7, (4, 18), "Battersea", capacity=1680, trust="tideway", opened=D(2015, 9, 1)),  # noqa: E501
    S("Heathfold Academy", 28, 4, (11, 18), "Roehampton", capacity=1050, trust="tideway", opened=D(2018, 9, 1)),  # noqa: E501
    S("Bellmoor Primary Academy", 28, 2, (3, 11), "Battersea", capacity=420, trust="larkspur", opened=D(2014, 1, 1)),  # noqa: E501
    S("Drayfield Primary Academy", 28, 2, (4, 11), "Tooting", capacity=210, trust="quill", opened=D(2016, 6, 1), rating="Inadequate"),  # noqa: E501
    S("Ormondsey Academy", 28, 4, (11, 16), "Wandsworth", capacity=1050, trust="tideway", opened=D(2013, 9, 1)),  # noqa: E501
    S("Southcote Rise Academy", 28, 7, (3, 18), "Earlsfield", capacity=1500, trust="larkspur", opened=D(2012, 9, 1)),  # noqa: E501
    S("Willowmere School", 44, 0, (11, 19), "Putney", capacity=150, trust="quill", opened=D(2016, 4, 1), sen=(SEN_TYPES[0], SEN_TYPES[2])),  # noqa: E501
    S("The Orchard Path Academy", 33, 0, (4, 16), "Balham", capacity=100, trust="tideway", opened=D(2020, 9, 1), sen=(SEN_TYPES[2],)),  # noqa: E501
    S("Beacon Bridge Academy", 42, 0, (11, 16), "Battersea", capacity=80, trust="beacon", opened=D(2017, 9, 1)),  # noqa: E501
    S("Compass Point Academy", 43, 0, (5, 16), "Tooting", capacity=50, trust="beacon", opened=D(2019, 9, 1)),  # noqa: E501
    S("Quillfield Sixth Form College", 45, 6, (16, 19), "Putney", capacity=None, pupils=None, trust="sat:QUILLFIELD SIXTH FORM COLLEGE", opened=D(2018, 4, 1)),  # noqa: E501
    S("Pellingham Sixth Form Academy", 46, 6, (16, 19), "Balham", capacity=800, trust="tideway", opened=D(2016, 9, 1), type_name=g.OLD_TYPE_NAMES[46]),  # noqa: E501
    # -- Free schools (the last one not yet open)
    S("Thornbury Free School", 35, 4, (11, 18), "Nine Elms", capacity=1150, trust="quill", opened=D(2015, 9, 1)),  # noqa: E501
    S("Greenshank Primary School", 35, 2, (4, 11), "Earlsfield", capacity=420, trust="larkspur", opened=D(2014, 9, 1)),  # noqa: E501
    S("Hollyhock School", 35, 7, (4, 18), "Wandsworth", capacity=1260, trust="sat:HOLLYHOCK SCHOOL TRUST", opened=D(2013, 9, 1)),  # noqa: E501
    S("Heronsfield School", 36, 0, (4, 19), "Southfields", capacity=120, trust="quill", opened=D(2018, 9, 1), sen=(SEN_TYPES[0],)),  # noqa: E501
    S("The Waymark Centre", 38, 0, (11, 16), "Tooting", capacity=60, trust="beacon", opened=D(2016, 9, 1)),  # noqa: E501
    S("Tideway Sixth Form", 39, 6, (16, 19), "Battersea", capacity=600, trust="tideway", opened=D(2019, 9, 1)),  # noqa: E501
    S("Corvane Sixth Form Free School", 39, 6, (16, 19), "Roehampton", capacity=450, trust="sat:CORVANE SIXTH FORM TRUST", opened=D(2014, 9, 1), type_name=g.OLD_TYPE_NAMES[39]),  # noqa: E501
    S("Thameside Engineering University Technical College", 40, 4, (14, 19), "Nine Elms", capacity=600, trust="sat:THAMESIDE ENGINEERING UTC TRUST", opened=D(2016, 9, 1), rating="Requires improvement"),  # noqa: E501
    S("The Foundry Studio School", 41, 4, (14, 19), "Battersea", capacity=300, trust="tideway", opened=D(2015, 9, 1)),  # noqa: E501
    S("Sandpiper Primary School", 35, 2, (4, 11), "Nine Elms", status=4, capacity=420, pupils=None, rating=None, trust="larkspur", opened=D(2027, 9, 1), job="Headteacher Designate"),  # noqa: E501
    # -- Independent schools
    S("Merriweather Preparatory School", 11, 0, (4, 13), "Battersea", capacity=450, faith="Church of England", job="Head"),  # noqa: E501
    S("Bellingdon Hall School", 11, 0, (3, 11), "Balham", capacity=320, faith="Christian", job="Headmistress"),  # noqa: E501
    S("Lambourne House Pre-Preparatory School", 11, 0, (2, 7), "Putney", capacity=150, faith="None"),  # noqa: E501
    S("Quillfield Collegiate School", 11, 0, (11, 18), "Putney", gender=2, capacity=900, faith="None", job="Head"),  # noqa: E501
    S("Pemberley Court School", 11, 0, (11, 18), "Wandsworth", gender=1, capacity=750, faith="Church of England", job="Headmaster"),  # noqa: E501
    S("The Orangery Montessori School", 11, 0, (2, 11), "Earlsfield", capacity=120, faith="None", pupils=None),  # noqa: E501
    S("École Bilingue du Côté Vert", 11, 0, (3, 11), "Southfields", capacity=280, faith="None", job="Head of School", extra={"SchoolWebsite": "www.ecole-cote-vert.example"}),  # noqa: E501
    S("Tamsel Crescent Islamic School for Boys", 11, 0, (11, 16), "Tooting", gender=1, capacity=140, faith="Islam", job="Principal"),  # noqa: E501
    S("Kingsgrove Tutorial College", 11, 0, (14, 19), "Battersea", status=2, capacity=90, closed=D(2021, 7, 23), close_reason=2, opened=D(2001, 9, 3), head=None),  # noqa: E501
    S("Emberton City Technology College", 6, 0, (11, 18), "Tooting", capacity=1400, faith="None", job="Principal", opened=D(1991, 9, 1)),  # noqa: E501
    # -- Colleges
    S("Marlowe Bridge College", 18, 6, (16, 99), "Battersea", capacity=None, pupils=None, fe_type="General Further Education College", job="Principal and Chief Executive"),  # noqa: E501
    S("Cedarbrook Sixth Form College", 18, 6, (16, 19), "Tooting", capacity=None, pupils=None, fe_type="Sixth Form College (General)", job="Principal"),  # noqa: E501
    S("Kestwick Sixth Form Centre", 31, 6, (16, 19), "Tooting", capacity=None, pupils=None, job="Head of Sixth Form"),  # noqa: E501
    # -- Other types
    S("Larkmoor House Secure Children’s Home", 24, 0, (10, 17), "Roehampton", capacity=16, rating=None, job="Registered Manager"),  # noqa: E501
    S("Quillstream Online School", 49, 0, (11, 18), "Wandsworth", capacity=None, pupils=None, rating=None, opened=D(2024, 9, 2), job="Principal", ukprn=False),  # noqa: E501
    S("Corvane Hospital Education Service", 27, 0, None, "Roehampton", gender=None, capacity=None, pupils=None, rating=None, job="Head of Service", ukprn=False),  # noqa: E501
]
# fmt: on


def third_thursday_of_january(year: int) -> date:
    first = date(year, 1, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 14)


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w for w in plain.lower().replace("’", "").split() if w.isalpha()]
    skip = {"school", "the", "of", "and", "primary", "cofe", "catholic", "church", "england"}
    kept = [w for w in words if w not in skip] or words
    return "".join(kept[:3])


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(0, (end - start).days) + 1))


def inspection_day(rng: random.Random, start: date, end: date) -> date:
    """A Tuesday to Thursday in term time between start and end (or end itself)."""
    for _ in range(200):
        day = random_day(rng, start, end)
        holiday = (
            day.month == 8
            or (day.month == 7 and day.day > 19)
            or (day.month == 12 and day.day > 18)
            or (day.month == 1 and day.day < 6)
            or date(2020, 3, 17) <= day <= date(2021, 5, 3)  # inspections suspended
        )
        if day.weekday() in {1, 2, 3} and not holiday:
            return day
    return end


class Builder:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - seeded demo data, not secrets
        self.numbers: Counter[int] = Counter()
        self.phones = iter(self.rng.sample(range(1000), 1000))
        self.heads: set[tuple[str, str]] = set()

    def establishment_number(self, spec: Spec) -> str:
        t, phase = spec.type_code, spec.phase
        if t == 15:
            base = 1090
        elif t in {14}:
            base = 1190
        elif t in SPECIAL or t in PRU_LIKE:
            base = 7090
        elif t in INDEPENDENT:
            base = 6090
        elif t in COLLEGE or phase == 6:
            base = 8090
        elif t in {27, 24, 49}:
            return ""
        elif phase == 2 and t in {2, 3}:
            base = 3690
        elif phase == 2 and t == 1:
            base = 2690
        elif phase == 2:
            base = 2090
        elif t in {1, 2, 3, 5}:
            base = 4690
        else:
            base = 4090
        number = base + self.numbers[base]
        self.numbers[base] += 1
        return str(number)

    def head(self, spec: Spec) -> tuple[str, str, str, str]:
        rng = self.rng
        female = rng.random() < 0.65
        while True:
            first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            last = rng.choice(LAST_NAMES)
            if (first, last) not in self.heads:
                self.heads.add((first, last))
                break
        title = rng.choice(FEMALE_TITLES if female else MALE_TITLES)
        if spec.job:
            job = spec.job
        elif spec.type_code in ACADEMY | FREE and rng.random() < 0.4:
            job = "Principal"
        elif rng.random() < 0.12:
            job = rng.choice(("Head of School", "Executive Headteacher", "Acting Headteacher"))
        else:
            job = "Headteacher"
        return title, first, last, job

    def rating(self, spec: Spec) -> str:
        if spec.rating is not AUTO:
            return spec.rating or ""
        if spec.type_code in INDEPENDENT and spec.type_code != 10:
            return ""
        return self.rng.choices(("Outstanding", "Good", "Requires improvement"), (3, 6, 1))[0]

    def row(self, urn: int, spec: Spec) -> dict[str, str]:
        rng, t = self.rng, spec.type_code
        row = g.england_row()
        area_postcode, wards, constituency, box = AREAS[spec.area]
        row["URN"] = str(urn)
        g.set_pair(row, "LA", LA_CODE, LA_NAME)
        row["EstablishmentNumber"] = self.establishment_number(spec)
        row["EstablishmentName"] = spec.name
        g.set_type(row, t, type_name=spec.type_name or None, group_name=spec.group_name or None)
        g.set_status(row, spec.status)
        g.set_phase(row, spec.phase)
        if spec.gender:
            g.set_gender(row, spec.gender)

        # Opening and closing.
        if t in ACADEMY and spec.open_reason is None:
            reason = 0 if t in {28, 33, 43, 46} else 10
            g.set_pair(row, "ReasonEstablishmentOpened", reason, g.REASON_OPENED[reason])
            if spec.status == 1:
                g.set_pair(row, "ReasonEstablishmentClosed", 99, "")
        elif spec.open_reason is not None or t in FREE:
            reason = 3 if spec.open_reason is None else spec.open_reason
            g.set_pair(row, "ReasonEstablishmentOpened", reason, g.REASON_OPENED_GUESSED[reason])
        row["OpenDate"] = g.gias_date(spec.opened)
        if spec.close_reason is not None:
            reason = spec.close_reason
            names = g.REASON_CLOSED | g.REASON_CLOSED_GUESSED
            g.set_pair(row, "ReasonEstablishmentClosed", reason, names[reason])
        row["CloseDate"] = g.gias_date(spec.closed)

        # Ages, provision.
        if spec.ages:
            row["StatutoryLowAge"], row["StatutoryHighAge"] = map(str, spec.ages)
        low, high = spec.ages or (None, None)
        if t in {27, 49}:
            row["Boarders (code)"] = row["Boarders (name)"] = ""
        if t in COLLEGE and t == 18:
            row["NurseryProvision (name)"] = "Not applicable"
        elif low is not None:
            row["NurseryProvision (name)"] = (
                "Has Nursery Classes" if low <= 3 else "No Nursery Classes"
            )
        if spec.phase in {2, 3, 4, 5, 7} or (t in INDEPENDENT | SPECIAL and high and high >= 13):
            sixth = 1 if high and high >= 18 else 2
            g.set_pair(row, "OfficialSixthForm", sixth, g.OFFICIAL_SIXTH_FORM[sixth])
        elif spec.phase == 6 and t != 18:
            g.set_pair(row, "OfficialSixthForm", 1, g.OFFICIAL_SIXTH_FORM[1])
        else:
            g.set_pair(row, "OfficialSixthForm", 0, g.OFFICIAL_SIXTH_FORM[0])
        if t in SPECIAL or t in {14}:
            special = 1
        elif spec.phase in {2, 4, 7}:
            special = 2
        else:
            special = 0
        g.set_pair(row, "SpecialClasses", special, g.SPECIAL_CLASSES[special])

        # Religious character.
        if spec.faith == "CE":
            g.set_pair(row, "ReligiousCharacter", 2, "Church of England")
            row["ReligiousEthos (name)"] = "Does not apply"
            g.set_pair(row, "Diocese", "CE36", "Diocese of Southwark")
        elif spec.faith == "RC":
            g.set_pair(row, "ReligiousCharacter", 3, "Roman Catholic")
            row["ReligiousEthos (name)"] = "Does not apply"
            g.set_pair(row, "Diocese", "RC18", "Archdiocese of Southwark")
        elif t in INDEPENDENT:
            g.set_pair(row, "ReligiousCharacter", 6, "None")
            row["ReligiousEthos (name)"] = spec.faith or "None"
        elif t in ACADEMY | FREE:
            g.set_pair(row, "ReligiousCharacter", 0, "Does not apply")
            row["ReligiousEthos (name)"] = "None"
        else:
            g.set_pair(row, "ReligiousCharacter", 0, "Does not apply")
            row["ReligiousEthos (name)"] = "Does not apply"

        # Numbers on roll (January census before the extract, or before closing).
        if spec.capacity:
            row["SchoolCapacity"] = str(spec.capacity)
        pupils = spec.pupils
        if pupils is AUTO:
            if spec.capacity and spec.status != 4:
                pupils = round(spec.capacity * rng.uniform(0.72, 1.02))
            else:
                pupils = None
        if pupils:
            census = g.CENSUS_DATE
            if spec.closed and spec.status == 2:
                census = third_thursday_of_january(spec.closed.year)
            row["CensusDate"] = g.gias_date(census)
            row["NumberOfPupils"] = str(pupils)
            if spec.gender == 1:
                boys = pupils
            elif spec.gender == 2:
                boys = 0
            else:
                boys = round(pupils * rng.uniform(0.46, 0.56))
            row["NumberOfBoys"], row["NumberOfGirls"] = str(boys), str(pupils - boys)
            if t in INDEPENDENT:
                row["PercentageFSM"], row["FSM"] = "0", "0"
                statement = rng.randrange(0, max(2, pupils // 30))
                row["SENStat"] = str(pupils if t == 10 else statement)
                row["SENNoStat"] = str(0 if t == 10 else rng.randrange(pupils // 10 + 1))
            elif t in MAINTAINED | ACADEMY | FREE and spec.phase != 6:
                fsm = round(pupils * rng.uniform(0.08, 0.42))
                row["FSM"] = str(fsm)
                row["PercentageFSM"] = f"{100 * fsm / pupils:.1f}".removesuffix(".0")

        # Trusts, sponsors, federations.
        if spec.trust == "foundation":
            g.set_pair(row, "TrustSchoolFlag", 1, g.TRUST_SCHOOL_FLAG[1])
            row["Trusts (code)"], row["Trusts (name)"] = FOUNDATION_TRUST
        elif spec.trust.startswith("sat:"):
            g.set_pair(row, "TrustSchoolFlag", 5, g.TRUST_SCHOOL_FLAG_GUESSED[5])
            row["Trusts (code)"] = str(99200 + urn % 1000)
            row["Trusts (name)"] = spec.trust.removeprefix("sat:")
        elif spec.trust:
            code, name, sponsor = TRUSTS[spec.trust]
            g.set_pair(row, "TrustSchoolFlag", 3, g.TRUST_SCHOOL_FLAG[3])
            row["Trusts (code)"], row["Trusts (name)"] = code, name
            if sponsor and (t in {28, 33, 43, 46} or rng.random() < 0.5):
                row["SchoolSponsorFlag (name)"] = "Linked to a sponsor"
                row["SchoolSponsors (name)"] = sponsor
        if t in MAINTAINED:
            row["FederationFlag (name)"] = (
                "Supported by a federation" if spec.federated else "Not under a federation"
            )
            if spec.federated:
                row["Federations (code)"], row["Federations (name)"] = FEDERATION
        if spec.ukprn:
            row["UKPRN"] = str(10990000 + urn - FIRST_URN + 1)
        if spec.fe_type:
            row["FurtherEducationType (name)"] = spec.fe_type
            row["FEHEIdentifier"] = str(999000 + urn % 1000)

        # Inspection.
        rating = self.rating(spec)
        row["OfstedRating (name)"] = rating
        if rating:
            latest = min(spec.closed or EXTRACT_DATE, date(2024, 7, 19))
            earliest = max(spec.opened or date(2014, 9, 1), date(2014, 9, 1)) + timedelta(180)
            row["OfstedLastInsp"] = g.gias_date(inspection_day(rng, earliest, latest))
        if t in INDEPENDENT:
            inspectorate = "Ofsted" if t == 10 or rng.random() < 0.3 else "ISI"
            row["InspectorateName (name)"] = inspectorate
            row["BoardingEstablishment (name)"] = "Does not have boarders"
            row["Section41Approved (name)"] = "Approved" if t == 10 else "Not approved"
            row["PropsName"] = f"{spec.name.split()[0]} Education Ltd"

        # Special educational needs and PRU provision.
        for number, sen in enumerate(spec.sen, start=1):
            row[f"SEN{number} (name)"] = sen
        if spec.resourced:
            row["TypeOfResourcedProvision (name)"] = spec.resourced
            row["ResourcedProvisionCapacity"] = "14"
            row["ResourcedProvisionOnRoll"] = str(rng.randrange(9, 15))
        if t == 14:
            row["SENPRU (name)"] = "PRU Does have Provision for SEN"
            row["EBD (name)"] = "PRU Does have EBD provision"
            row["PlacesPRU"] = str(spec.capacity or "")
            row["FTProv (name)"] = "PRU offers full time provision"
            row["EdByOther (name)"] = "PRU does offer tuition by another provider"
            row["TeenMoth (name)"] = "Does not provide places for Teen Mothers"
            row["CCF (name)"] = "Does not have child care facilities"

        # Address and contact.
        street = next((s for s in STREETS if s.split()[0] in spec.name), rng.choice(STREETS))
        row["Street"] = street if rng.random() < 0.6 else f"{rng.randrange(2, 180)} {street}"
        if rng.random() < 0.45:
            row["Locality"] = spec.area
        row["Town"] = "London"
        row["Postcode"] = (
            f"{area_postcode} {rng.randrange(1, 10)}"
            f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        )
        site = slug(spec.name)
        if spec.status != 2 or rng.random() < 0.3:
            row["SchoolWebsite"] = rng.choice(
                (f"www.{site}.example", f"https://www.{site}.example/", f"http://{site}.example")
            )
        row["TelephoneNum"] = f"02079460{next(self.phones):03d}"  # 020 7946 0xxx
        if spec.head is AUTO:
            head = self.head(spec)
            (
                row["HeadTitle (name)"],
                row["HeadFirstName"],
                row["HeadLastName"],
                row["HeadPreferredJobTitle"],
            ) = head
        elif spec.head is None:
            row["HeadPreferredJobTitle"] = spec.job or "Headteacher"

        # Where it is.
        ward = rng.choice(wards)
        g.set_pair(row, "GOR", "H", "London")
        g.set_pair(row, "DistrictAdministrative", "E09000032", LA_NAME)
        row["AdministrativeWard (name)"] = ward
        row["ParliamentaryConstituency (name)"] = constituency
        g.set_pair(row, "UrbanRural", "A1", "(England/Wales) Urban major conurbation")
        row["GSSLACode (name)"] = "E09000032"
        row["Easting"] = str(rng.randrange(box[0], box[1]))
        row["Northing"] = str(rng.randrange(box[2], box[3]))
        msoa = rng.randrange(1, 38)
        row["MSOA (name)"] = f"{LA_NAME} {msoa:03d}"
        row["LSOA (name)"] = f"{LA_NAME} {msoa:03d}{rng.choice('ABCDE')}"
        row["RSCRegion (name)"] = "South-East England and South London"

        # When the record last changed.
        if spec.status == 2 and spec.closed:
            changed = spec.closed + timedelta(days=rng.randrange(1, 60))
        else:
            changed = random_day(rng, date(2025, 1, 6), EXTRACT_DATE)
        row["LastChangedDate"] = g.gias_date(min(changed, EXTRACT_DATE))
        for stem, value in spec.extra.items():
            if stem == "OfficialSixthForm":
                g.set_pair(row, stem, value, g.OFFICIAL_SIXTH_FORM[int(value)])
            else:
                row[stem] = value
        return row


def build_rows(seed: int = SEED) -> list[dict[str, str]]:
    builder = Builder(seed)
    return [builder.row(urn, spec) for urn, spec in enumerate(SPECS, start=FIRST_URN)]


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    rows = build_rows()
    g.write_gias_csv(output, rows)
    counts = Counter(row["TypeOfEstablishment (name)"] for row in rows)
    print(f"wrote {len(rows)} invented establishments to {output}")
    for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:4d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
