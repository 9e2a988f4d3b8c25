"""`{{ value|jsonld_script }}`: a JSON-LD data block, escaped the way `json_script` escapes.

A `<script type="application/ld+json">` is a data block: browsers never run it, so the Content
Security Policy (script-src 'self', no inline scripts) does not apply to it. What matters is that
user text can never close the element early: `<`, `>` and `&` become \\u escapes, exactly as
Django's json_script does, so the JSON stays valid and no markup ever comes out of it.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def jsonld_script(value: Any) -> SafeString:
    """Render value as an escaped `<script type="application/ld+json">` data block."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    # Safe because every character that could end the element or start markup is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
