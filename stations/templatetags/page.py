"""The top of a page, one markup for every page: `{% tabs %}` and `{% page_header %}`.

    {% tabs "volunteers" "records" %}

The tabs an app registered under that name (`stations.workbench.register_tabs`), the one with
that key marked as the current page; the markup is `includes/tabs.html`.

    {% load page %}
    {% page_header %}{% translate "工作计划" %} <small class="text-muted">…</small>
    {% page_actions %}<a class="btn btn-primary" href="…">…</a>
    {% end_page_header %}

The heading goes into the page's `<h1>`, the actions (optional) into the button row at its right
(below it on a phone); `tight` (`{% page_header tight %}`) leaves less room under it, for a page
whose next line belongs to the heading. The markup is `includes/page_header.html`.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from stations.workbench import TABS

register = template.Library()


class PageHeaderNode(template.Node):
    def __init__(self, heading, actions, tight):
        self.heading, self.actions, self.tight = heading, actions, tight

    def render(self, context):
        actions = self.actions.render(context).strip() if self.actions else ""
        return render_to_string(
            "includes/page_header.html",
            {
                # Rendered by the template engine, so already escaped where it had to be.
                "heading": mark_safe(self.heading.render(context).strip()),
                "actions": mark_safe(actions),
                "tight": self.tight,
            },
        )


@register.tag
def page_header(parser, token):
    bits = token.split_contents()
    if bits[1:] not in ([], ["tight"]):
        raise template.TemplateSyntaxError("{% page_header %} takes no argument but 'tight'")
    heading = parser.parse(("page_actions", "end_page_header"))
    actions = None
    if parser.next_token().contents == "page_actions":
        actions = parser.parse(("end_page_header",))
        parser.delete_first_token()
    return PageHeaderNode(heading, actions, tight=len(bits) > 1)


@register.inclusion_tag("includes/tabs.html")
def tabs(group, current=""):
    return {
        "tabs": [
            {"label": tab.label, "url": reverse(tab.url_name), "active": tab.key == current}
            for tab in TABS[group]
        ]
    }
