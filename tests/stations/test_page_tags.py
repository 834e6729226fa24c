"""The page top shared by every page: `{% page_header %}` and `{% tabs %}` (stations/templatetags/page.py)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source, **context):
    return Template("{% load page %}" + source).render(Context(context))


def test_the_heading_and_its_actions_share_one_row():
    html = render(
        "{% page_header %}{{ name }} <small>3</small>"
        '{% page_actions %}<a href="/new/">{{ action }}</a>{% end_page_header %}',
        name="<b>志愿者</b>",
        action="登记",
    )
    assert '<h1 class="h4 mb-0">&lt;b&gt;志愿者&lt;/b&gt; <small>3</small></h1>' in html
    assert '<div class="d-flex flex-wrap gap-2 page-actions"><a href="/new/">登记</a></div>' in html
    assert "mb-3" in html


def test_a_heading_without_actions_has_no_button_row_and_tight_leaves_less_room():
    html = render("{% page_header tight %}标题{% end_page_header %}")
    assert "page-actions" not in html
    assert "mb-2" in html and "mb-3" not in html


def test_page_header_refuses_an_unknown_argument():
    with pytest.raises(TemplateSyntaxError):
        render("{% page_header wide %}x{% end_page_header %}")


def test_tabs_link_the_pages_an_app_registered_and_mark_the_current_one():
    html = render('{% tabs "volunteers" "records" %}')
    assert 'href="/volunteers/"' in html
    current = html.split('aria-current="page"')[0].rsplit("<a ", 1)[1]
    assert "active" in current and "/volunteers/records/" in current
    assert html.count("active") == 1
