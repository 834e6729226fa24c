from django.urls import path

from stations import history_views, notifications, picker_views, readlog
from stations import resident_views as views

app_name = "stations"

urlpatterns = [
    path("residents/", views.resident_list, name="resident_list"),
    path("residents/new/", views.resident_create, name="resident_create"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<int:pk>/archive/", views.resident_archive, name="resident_archive"),
    path("residents/<int:pk>/restore/", views.resident_restore, name="resident_restore"),
    path("residents/<int:pk>/reveal/", views.resident_reveal, name="resident_reveal"),
    path("residents/<int:pk>/history/", views.resident_history, name="resident_history"),
    path("pick/<slug:kind>/", picker_views.pick, name="pick"),
    path("history/<str:model>/<int:pk>/", history_views.record_history, name="history"),
    path("read-log/<str:model>/<int:pk>/", readlog.read_log, name="read_log"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read/",
        notifications.notification_read_all,
        name="notifications_read_all",
    ),
    path("residents/<int:pk>/tags/new/", views.tag_create, name="tag_create"),
    path("tags/<int:pk>/edit/", views.tag_edit, name="tag_edit"),
    path("residents/<int:pk>/consents/new/", views.consent_create, name="consent_create"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
]
