from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("approvals/", views.approval_list, name="approvals"),
    path("approvals/<int:pk>/decide/", views.approval_decide, name="approval_decide"),
    path("approvals/<int:pk>/paper/", views.approval_paper, name="approval_paper"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/print/", views.record_print, name="record_print"),
    path("records/photos/<int:pk>/", views.photo, name="photo"),
    path("records/photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/actions/<slug:action>/", views.case_action, name="action"),
    path("<int:pk>/intake/", views.intake_edit, name="intake_edit"),
    path("<int:pk>/assessments/new/", views.assessment_new, name="assessment_new"),
    path("<int:pk>/assessments/<int:doc>/", views.assessment_edit, name="assessment_edit"),
    path("<int:pk>/plans/new/", views.plan_new, name="plan_new"),
    path("<int:pk>/plans/<int:doc>/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/plans/<int:doc>/request/", views.plan_request, name="plan_request"),
    path("<int:pk>/plans/<int:doc>/tasks/new/", views.task_add, name="task_add"),
    path("<int:pk>/records/new/", views.record_new, name="record_new"),
    path("<int:pk>/evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("<int:pk>/evaluations/<int:doc>/", views.evaluation_edit, name="evaluation_edit"),
    path("<int:pk>/referrals/new/", views.referral_new, name="referral_new"),
    path("<int:pk>/referrals/<int:doc>/", views.referral_edit, name="referral_edit"),
    path("<int:pk>/closing/", views.closing_edit, name="closing_edit"),
    path("<int:pk>/follow-ups/new/", views.followup_new, name="followup_new"),
    path("<int:pk>/supervision/new/", views.supervision_new, name="supervision_new"),
    path("<int:pk>/addenda/new/", views.addendum_new, name="addendum_new"),
    path("<int:pk>/transfer/", views.transfer_request, name="transfer"),
    path("<int:pk>/print/<slug:part>/", views.case_print, name="print"),
]
