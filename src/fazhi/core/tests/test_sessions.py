import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from fazhi.conftest import login_client

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 8, 30, tzinfo=datetime.UTC)
HOME = "/"
LOGIN = "/login/"


def _logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def _keep_busy(client, traveller, *, until, every):
    """Make a request every `every` until `until` has passed since START."""
    elapsed = datetime.timedelta(0)
    while elapsed + every < until:
        traveller.shift(every)
        elapsed += every
        assert client.get("/healthz").status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(db):
    response = Client().get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"


def test_an_idle_session_ends_after_thirty_minutes(world, town_staff):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    with time_machine.travel(START, tick=False) as traveller:
        client = login_client(town_staff)
        traveller.shift(datetime.timedelta(minutes=29))
        client.get("/healthz")
        assert _logged_in(client, town_staff)  # activity within the idle period keeps it open

        traveller.shift(datetime.timedelta(minutes=30, seconds=1))
        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"
    assert not _logged_in(client, town_staff)


def _expires_at(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_is_saved_at_most_once_a_minute(world, town_staff):
    with time_machine.travel(START, tick=False) as traveller:
        client = login_client(town_staff)
        client.get(HOME)
        saved = _expires_at(client)
        assert saved == START + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

        traveller.shift(datetime.timedelta(seconds=59))
        client.get(HOME)
        assert _expires_at(client) == saved  # no write within the minute

        traveller.shift(datetime.timedelta(seconds=2))
        client.get(HOME)
        assert _expires_at(client) == saved + datetime.timedelta(seconds=61)


def test_activity_less_than_a_minute_apart_keeps_the_session_open_then_idleness_ends_it(
    world, town_staff
):
    with time_machine.travel(START, tick=False) as traveller:
        client = login_client(town_staff)
        _keep_busy(
            client,
            traveller,
            until=datetime.timedelta(minutes=45),
            every=datetime.timedelta(seconds=50),
        )
        assert _logged_in(client, town_staff)
        last_request = timezone.now()

        # Saved at most a minute before the last request: it ends by 30 minutes after it.
        traveller.move_to(last_request + datetime.timedelta(minutes=30))
        response = client.get(HOME)

    assert response.status_code == 302
    assert not _logged_in(client, town_staff)


def test_a_session_ends_after_twelve_hours_even_when_active(world, town_staff):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    with time_machine.travel(START, tick=False) as traveller:
        client = login_client(town_staff)
        _keep_busy(
            client,
            traveller,
            until=datetime.timedelta(hours=12),
            every=datetime.timedelta(minutes=20),
        )
        assert _logged_in(client, town_staff)
        assert timezone.now() > START + datetime.timedelta(hours=11, minutes=30)

        traveller.shift(datetime.timedelta(minutes=21))
        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert not _logged_in(client, town_staff)


def test_the_api_never_redirects_an_expired_session(world, town_staff):
    with time_machine.travel(START, tick=False) as traveller:
        client = login_client(town_staff)
        traveller.shift(datetime.timedelta(hours=12, minutes=1))

        response = client.get("/api/v1/auth/me")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
