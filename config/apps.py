from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site (two-factor sign-in); see config/admin.py."""

    default_site = "config.admin.PortalAdminSite"

    def ready(self):
        super().ready()  # loads every app's admin
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from config import user_admin
        from config.middleware import start_idle_clock

        user_admin.register(admin.site)
        user_logged_in.connect(start_idle_clock, dispatch_uid="config.start_idle_clock")
