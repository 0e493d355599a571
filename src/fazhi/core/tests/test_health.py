from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_without_login_when_the_database_answers():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    with mock.patch("fazhi.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
