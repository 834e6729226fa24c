from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.index, name="index"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress_view, name="batch_progress"),
    path("batches/<int:pk>/report.xlsx", views.batch_report, name="batch_report"),
    path("batches/<int:pk>/confirm/", views.batch_confirm_view, name="batch_confirm"),
    path("batches/<int:pk>/undo/", views.batch_undo_view, name="batch_undo"),
    path("<slug:kind>/", views.kind_import, name="import"),
    path("<slug:kind>/template.xlsx", views.template_download, name="template"),
]
