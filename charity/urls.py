from django.urls import path

from charity import views

app_name = "charity"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/disclosure/", views.project_disclosure, name="project_disclosure"),
    path("projects/<int:pk>/disclosures/new/", views.disclosure_create, name="disclosure_create"),
    path("funds/", views.fund_list, name="fund_list"),
    path("funds/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("donations/new/", views.donation_create, name="donation_create"),
    path("disbursements/new/", views.disbursement_create, name="disbursement_create"),
    path("disbursements/<int:pk>/", views.disbursement_detail, name="disbursement_detail"),
    path(
        "disbursements/<int:pk>/approve/", views.disbursement_approve, name="disbursement_approve"
    ),
    path("disbursements/<int:pk>/apply/", views.disbursement_apply, name="disbursement_apply"),
    path("beneficiaries/<int:pk>/receipt/", views.receipt_record, name="receipt_record"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
]
