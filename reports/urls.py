from django.urls import path

from reports import district_views, views

app_name = "reports"

urlpatterns = [
    path("", views.summary, name="summary"),
    path("rooms/", views.rooms, name="rooms"),
    path("charts/<slug:name>.svg", views.chart, name="chart"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("annual-report.docx", views.export_docx, name="export_docx"),
    path("district/", district_views.district, name="district"),
    path("district/chart.svg", district_views.district_chart, name="district_chart"),
]
