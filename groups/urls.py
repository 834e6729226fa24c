from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/submit/", views.group_submit, name="submit"),
    path("<int:pk>/review/", views.group_review, name="review"),
    path("<int:pk>/stage/", views.group_stage, name="stage"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/scores/", views.member_scores, name="member_scores"),
    path("members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/evaluation/", views.evaluation_edit, name="evaluation"),
    path("<int:pk>/print/", views.print_plan, name="print_plan"),
    path("<int:pk>/evaluation/print/", views.print_evaluation, name="print_evaluation"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/signin/", views.session_signin, name="session_signin"),
    path("sessions/<int:pk>/print/", views.print_session, name="print_session"),
    path("sessions/<int:pk>/signin/print/", views.print_signin, name="print_signin"),
]
