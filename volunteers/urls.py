from django.urls import path

from volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.volunteer_list, name="list"),
    path("new/", views.volunteer_create, name="create"),
    path("<int:pk>/", views.volunteer_detail, name="detail"),
    path("<int:pk>/edit/", views.volunteer_edit, name="edit"),
    path("<int:pk>/history/", views.volunteer_history, name="history"),
    path("<int:volunteer_pk>/certificate/", views.certificate_create, name="certificate_create"),
    path("records/", views.record_list, name="record_list"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/export/", views.record_export, name="record_export"),
    path("national-export/", views.national_export, name="national_export"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/confirm/", views.record_confirm, name="record_confirm"),
    path("records/<int:pk>/dispute/", views.record_dispute, name="record_dispute"),
    path("records/<int:pk>/correct/", views.record_correct, name="record_correct"),
    path("records/activities/", views.activity_pick, name="activity_pick"),
    path("records/activities/<int:activity_pk>/", views.activity_records, name="activity_records"),
    path(
        "records/activities/<int:activity_pk>/confirm/",
        views.activity_confirm,
        name="activity_confirm",
    ),
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/signup/", views.project_signup, name="project_signup"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
]
