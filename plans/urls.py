from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("overdue-visits/", views.overdue_visits, name="overdue_visits"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
]
