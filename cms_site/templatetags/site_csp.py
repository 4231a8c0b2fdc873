"""``{% csp_nonce %}``: the current request's CSP nonce, for the few inline scripts of
Wagtail's admin (docs/security.md D2). It reads the nonce from a context variable the CSP
middleware sets, because widget and panel templates are rendered without the request."""

from django import template

from cms_site.csp import current_nonce

register = template.Library()


@register.simple_tag
def csp_nonce() -> str:
    return current_nonce()
