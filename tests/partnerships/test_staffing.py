"""Service areas and their staffing: the breakdown's totals, the page, the CSV, access."""

import codecs
import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.demo import seed_demo_service_areas
from partnerships.models import Post
from partnerships.staffing import staffing_breakdown, vacancy_rate
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/service-areas/"
CSV = "/service-areas/export.csv"


@pytest.fixture
def officer_client(client):
    client.force_login(factories.officer())
    return client


@pytest.fixture
def send():
    """SEND with two teams: 3.6 FTE of which 1.6 vacant; and an ended post, not counted."""
    area = factories.service_area("SEND", position=3)
    assessment = factories.team(service_area=area, name="SEND Assessment and Review")
    psychology = factories.team(service_area=area, name="Educational Psychology")
    holder = factories.person(first_name="Helen", last_name="Adeyemi")
    factories.post(team=assessment, title="Head of SEND", fte=Decimal("1.00"), holder=holder)
    factories.post(team=assessment, title="EHC Plan Coordinator", fte=Decimal("1.00"))
    factories.post(team=assessment, title="EHC Plan Coordinator", fte=Decimal("0.60"))
    factories.post(
        team=psychology, title="Educational Psychologist", fte=Decimal("1.00"),
        holder=factories.person(first_name="Jonah", last_name="Price"),
    )  # fmt: skip
    factories.post(
        team=psychology, title="Trainee Psychologist", starts_on=date(2022, 9, 1),
        ends_on=date(2023, 8, 31),
    )  # fmt: skip
    return area


def test_area_totals_count_posts_fte_filled_and_vacant(send):
    staffing = staffing_breakdown()

    [area] = staffing.areas
    totals = area.totals
    assert (totals.posts, totals.vacant_posts) == (4, 2)
    assert (totals.fte, totals.filled_fte, totals.vacant_fte) == (
        Decimal("3.60"), Decimal("2.00"), Decimal("1.60"),
    )  # fmt: skip
    assert totals.vacancy_rate == Decimal("44.4")  # 1.6 / 3.6 = 44.44…%
    assert [team.team.name for team in area.teams] == [
        "Educational Psychology", "SEND Assessment and Review",
    ]  # fmt: skip
    assert [team.totals.fte for team in area.teams] == [Decimal("1.00"), Decimal("2.60")]


def test_areas_come_in_their_order_with_a_grand_total(send):
    access = factories.service_area("Access to Learning", position=1)
    admissions = factories.team(service_area=access, name="School Admissions")
    factories.post(team=admissions, title="Admissions Officer", fte=Decimal("0.50"))

    staffing = staffing_breakdown()

    assert [a.area.name for a in staffing.areas] == ["Access to Learning", "SEND"]
    assert staffing.totals.fte == Decimal("4.10")
    assert staffing.totals.vacant_fte == Decimal("2.10")
    assert staffing.totals.vacancy_rate == Decimal("51.2")  # 2.1 / 4.1 = 51.21…%


def test_a_post_counts_only_while_it_is_in_force(send):
    on = date(2023, 1, 10)

    staffing = staffing_breakdown(on=on)

    [area] = staffing.areas
    assert area.totals.posts == 1  # only the trainee post was in force then
    tomorrow = timezone.localdate() + timedelta(days=1)
    Post.objects.filter(title="Head of SEND").update(starts_on=tomorrow)
    assert staffing_breakdown().areas[0].totals.posts == 3


@pytest.mark.parametrize(
    ("vacant", "fte", "expected"),
    [("1.6", "3.6", "44.4"), ("0.5", "4.0", "12.5"), ("1", "8", "12.5"), ("1", "3", "33.3")],
)
def test_vacancy_rate_is_one_decimal_half_up(vacant, fte, expected):
    assert vacancy_rate(Decimal(vacant), Decimal(fte)) == Decimal(expected)


def test_no_fte_has_no_vacancy_rate():
    assert vacancy_rate(Decimal(0), Decimal(0)) is None


def test_breakdown_takes_two_queries_however_many_posts(send, django_assert_num_queries):
    with django_assert_num_queries(2):
        staffing_breakdown()
    team = factories.team(service_area=factories.service_area("Learner Engagement"))
    for n in range(20):
        factories.post(team=team, holder=factories.person() if n % 2 else None)
    with django_assert_num_queries(2):
        assert staffing_breakdown().totals.posts == 24


def test_officer_sees_areas_teams_posts_and_totals(officer_client, send):
    page = officer_client.get(PAGE).content.decode()

    assert '<h1 class="govuk-heading-xl">Service areas</h1>' in page
    assert "SEND Assessment and Review" in page and "Educational Psychology" in page
    assert "Helen Adeyemi" in page
    assert page.count(">Vacant</strong>") == 2
    summary = page[page.index('id="summary"') : page.index("</table>")]
    for figure in (">4<", ">3.60<", ">2.00<", ">1.60<", ">44.4%<"):
        assert figure in summary
    assert "Trainee Psychologist" not in page


def test_page_queries_do_not_grow_with_posts(officer_client, send):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get(PAGE).status_code == 200
        return len(queries)

    count()  # the first request of a session records the session
    few = count()
    team = factories.team(service_area=factories.service_area("Learner Engagement"))
    for n in range(20):
        factories.post(team=team, holder=factories.person() if n % 2 else None)

    assert count() == few


def test_csv_lists_every_post_and_opens_cleanly_in_a_spreadsheet(officer_client, send):
    Post.objects.filter(title="Head of SEND").update(responsibilities="=SUM(A1:A9) and more")

    response = officer_client.get(CSV)

    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body.startswith(codecs.BOM_UTF8)
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    assert header[:6] == ["Service area", "Team", "Post", "Grade", "FTE", "Holder"]
    assert len(rows) == 4
    head = next(row for row in rows if row[2] == "Head of SEND")
    assert head[4:6] == ["1.00", "Helen Adeyemi"]
    assert head[7] == "No"
    assert head[-1] == "'=SUM(A1:A9) and more"
    assert sum(row[7] == "Yes" for row in rows) == 2


@pytest.mark.parametrize("url", [PAGE, CSV])
def test_a_headteacher_is_refused(client, send, url):
    head = factories.person()
    factories.headship(school=factories.school(), person=head)
    client.force_login(head)

    assert client.get(url).status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client, send):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_post_changes_are_kept_in_history(send):
    post = Post.objects.get(title="Head of SEND")
    post.fte = Decimal("0.80")
    post.save()

    assert [h.fte for h in post.history.order_by("history_date")] == [
        Decimal("1.00"), Decimal("0.80"),
    ]  # fmt: skip


def test_demo_seeds_four_areas_of_thirty_posts_and_reruns_adding_nothing():
    officer = factories.officer(email="officer@demo.test")
    inspector = factories.officer(email="inspector@demo.test")

    assert seed_demo_service_areas(officer=officer, inspector=inspector) == 30
    seed_demo_service_areas(officer=officer, inspector=inspector)

    staffing = staffing_breakdown()
    assert [a.area.name for a in staffing.areas] == [
        "Access to Learning", "Learner Engagement", "SEND", "School Improvement and Learning",
    ]  # fmt: skip
    assert staffing.totals.posts == Post.objects.count() == 30
    assert 0 < staffing.totals.vacant_posts < 15
    assert Post.objects.filter(holder=officer).exists()
    assert Post.objects.filter(holder=inspector).exists()
