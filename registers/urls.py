from django.urls import path

from registers import views

app_name = "registers"

urlpatterns = [
    path("", views.register_index, name="index"),
    path("registers/<slug:key>/", views.register, name="register"),
    path(
        "print/activities/<int:pk>/signin/",
        views.activity_signin_sheet,
        name="activity_signin_sheet",
    ),
    path(
        "print/activities/<int:pk>/record/",
        views.activity_record_sheet,
        name="activity_record_sheet",
    ),
    path("print/needs/<int:pk>/", views.needs_assessment_sheet, name="needs_assessment_sheet"),
    path("log/", views.export_log, name="export_log"),
    path("jobs/<int:pk>/", views.export_job, name="export_job"),
    path("jobs/<int:pk>/download/", views.export_job_download, name="export_job_download"),
    path("lists/<slug:key>.<slug:fmt>", views.list_export, name="list_export"),
    path("lists/<slug:key>/full/", views.list_export_full, name="list_export_full"),
    path("lists/<slug:key>/<int:pk>.<slug:fmt>", views.list_export, name="record_list_export"),
    path(
        "lists/<slug:key>/<int:pk>/full/",
        views.list_export_full,
        name="record_list_export_full",
    ),
]
