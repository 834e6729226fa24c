import pytest

from tests.permissions import (
    ADMIN_ONLY,
    ANON,
    OFF,
    STAFF,
    SUP,
    W1,
    W2,
    Row,
    assert_status,
    everyone,
    expand,
    param_ids,
    run_row,
)

ROWS = [
    Row("home", everyone(200)),
    Row("healthz", everyone(200, anonymous=200)),
    # The installable app: no personal data, fetched by the browser without a session too.
    Row("manifest", everyone(200, anonymous=200)),
    Row("service_worker", everyone(200, anonymous=200)),
    Row("offline", everyone(200, anonymous=200)),
    Row(
        "login",
        {ANON: 200, STAFF: 302, W1: 302, W2: 302, SUP: 302, OFF: 302},
        note="logged-in users go home",
    ),
    Row("logout", everyone(302), method="post", login_redirect=False),
    Row("password_change", everyone(200)),
    Row("password_change_done", everyone(200)),
    # Every signed-in user may enrol (required ones must: tests/security/test_two_factor.py).
    Row("two_factor_enrol", everyone(200)),
    Row("two_factor_verify", everyone(302), note="no code owed: on to the next page"),
    Row("two_factor_recovery_codes", everyone(302), note="no device yet: to the enrolment"),
    Row(
        "set_language",
        everyone(302),
        method="post",
        data=lambda w, o: {"language": "en"},
        login_redirect=False,
    ),
    Row("admin:index", ADMIN_ONLY),
    Row("admin:stations_room_changelist", ADMIN_ONLY),
    Row("admin:stations_user_changelist", ADMIN_ONLY),
    # Station staff manage their station's room workers and officials; supervisors only look.
    Row("admin:stations_user_add", {**ADMIN_ONLY, SUP: 403}),
    Row("admin:stations_user_change", ADMIN_ONLY, kwargs=lambda w, o: {"object_id": w.worker1.pk}),
    Row(
        "admin:auth_user_password_change",
        {**ADMIN_ONLY, SUP: 403},
        kwargs=lambda w, o: {"id": w.worker1.pk},
    ),
    Row("admin:stations_station_changelist", ADMIN_ONLY),
    Row("admin:stations_twofactorevent_changelist", ADMIN_ONLY),
    # The shared code lists serve every station: station staff keep them, supervisors do not.
    Row("admin:stations_term_changelist", {**ADMIN_ONLY, SUP: 403}),
    Row("admin:stations_term_add", {**ADMIN_ONLY, SUP: 403}),
]


@pytest.mark.parametrize(("row", "persona"), expand(ROWS), ids=param_ids)
def test_permission_table(client, world, row, persona):
    assert_status(run_row(client, world, row, persona), row, persona)
