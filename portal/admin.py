"""The admin's preview of a draft: the medborgarlöfte exactly as citizens will see it, drawn by
the public site's own page. The public site registers the document's admin once more (on top of
`followup.admin`'s), adding the preview."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.template.response import TemplateResponse
from django.urls import path, reverse

from followup.admin.promise import FollowedUpCitizenPromiseAdmin
from loften.models import CitizenPromise

from .views import promise_context


class PreviewedCitizenPromiseAdmin(FollowedUpCitizenPromiseAdmin):
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name=f"{info[0]}_{info[1]}_preview",
        )
        return [preview, *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not obj.is_public:
            # A public document has its real page ("Visa på webbplats").
            context["preview_url"] = reverse("admin:loften_citizenpromise_preview", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, object_id):
        """The draft exactly as citizens will see it, marked as a preview."""
        promise = self.get_object(request, unquote(object_id))
        response = TemplateResponse(
            request, "portal/promise_detail.html", {**promise_context(promise), "preview": True}
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


admin.site.unregister(CitizenPromise)
admin.site.register(CitizenPromise, PreviewedCitizenPromiseAdmin)

# E-mail alerts' subscriptions (national administrators only).
from .alerts import admin as alerts_admin  # noqa: E402, F401
