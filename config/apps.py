from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site (two-factor sign-in); see config/admin.py."""

    default_site = "config.admin.PortalAdminSite"
