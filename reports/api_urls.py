from django.urls import path

from reports import api

app_name = "api"

urlpatterns = [
    path("report/", api.report, name="report"),
]
