from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("overdue-visits/", views.overdue_visits, name="overdue_visits"),
]
