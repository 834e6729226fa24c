from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/signin/", views.activity_signin, name="signin"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("series/", views.series_list, name="series_list"),
    path("series/new/", views.series_create, name="series_create"),
    path("series/<int:pk>/", views.series_detail, name="series_detail"),
    path("needs/", views.needs_list, name="needs_list"),
    path("needs/new/", views.needs_create, name="needs_create"),
    path("needs/<int:pk>/", views.needs_detail, name="needs_detail"),
    path("needs/<int:pk>/edit/", views.needs_edit, name="needs_edit"),
    path("outreach/", views.outreach, name="outreach"),
    path("outreach/media/new/", views.media_create, name="media_create"),
    path("outreach/media/<int:pk>/edit/", views.media_edit, name="media_edit"),
    path("outreach/exchanges/", views.exchange_list, name="exchange_list"),
    path("outreach/exchanges/new/", views.exchange_create, name="exchange_create"),
    path("outreach/exchanges/<int:pk>/edit/", views.exchange_edit, name="exchange_edit"),
]
