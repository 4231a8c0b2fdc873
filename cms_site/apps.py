from django.apps import AppConfig


class CmsSiteConfig(AppConfig):
    """The host site as an app: it carries the admin's template overrides that give Wagtail's
    inline scripts the request's CSP nonce (``cms_site/templates/``, listed before
    ``wagtail.admin`` so they win) and the ``csp_nonce`` template tag (docs/security.md D2)."""

    name = "cms_site"
    label = "cms_site"

    def ready(self):
        from .csp import nonce_chooser_scripts

        nonce_chooser_scripts()
