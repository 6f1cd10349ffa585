from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site (two-factor sign-in); see config/admin.py."""

    default_site = "config.admin.PortalAdminSite"

    def ready(self):
        super().ready()  # loads every app's admin
        from django.contrib import admin

        from config import user_admin

        user_admin.register(admin.site)
