"""How the app talks to its database: on PostgreSQL, statements it repeats are prepared."""

import pytest
from django.contrib.auth.models import User
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def test_parameters_are_bound_by_the_server():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        assert type(cursor.cursor).__name__ == "ServerBindingCursor"


def test_a_statement_repeated_on_a_connection_is_prepared_once():
    """From its fifth use a statement is planned once and executed as a prepared statement, so
    the workspace's requests, which send the same statements each time, skip the planning."""
    for pk in range(1, 8):
        list(User.objects.filter(pk=pk).values_list("username"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "auth_user"%'],
        )
        (prepared,) = cursor.fetchone()
    assert prepared >= 1
