from django.contrib.admin.apps import AdminConfig


class StationAdminConfig(AdminConfig):
    default_site = "stations.admin_site.StationAdminSite"
