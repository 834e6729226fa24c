from django.urls import path

from plans import views, views_workplans

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
    path("work-plans/", views_workplans.workplan_list, name="workplans"),
    path("work-plans/new/", views_workplans.workplan_new, name="workplan_new"),
    path("work-plans/<int:pk>/", views_workplans.workplan_detail, name="workplan_detail"),
    path("work-plans/<int:pk>/edit/", views_workplans.workplan_edit, name="workplan_edit"),
    path("work-plans/<int:pk>/submit/", views_workplans.workplan_submit, name="workplan_submit"),
    path("work-plans/<int:pk>/review/", views_workplans.workplan_review, name="workplan_review"),
    path(
        "work-plans/<int:pk>/items/<int:item_pk>/mark/",
        views_workplans.workplan_item_mark,
        name="workplan_item_mark",
    ),
    path("staff/<int:pk>/certification/new/", views.certification_new, name="certification_new"),
]
