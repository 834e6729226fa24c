from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("overdue-visits/", views.overdue_visits, name="overdue_visits"),
    path("workload/", views.workload, name="workload"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/training/new/", views.training_new, name="training_new"),
    path("supervision/new/", views.supervision_new, name="supervision_new"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
]
