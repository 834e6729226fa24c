"""Page weight of the visit form as a phone downloads it on a first visit (issue 19: under 150 KB).

The browser loads the page and records every document, style sheet and script it fetches. The
HTML counts as Django sends it (uncompressed: the site has no GZipMiddleware); a static file counts
at its gzip size, the copy whitenoise's CompressedManifestStaticFilesStorage serves in production
(the test server sends the files uncompressed, so their bytes are compressed here the same way).
"""

import gzip

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, login
from tests.factories import KeyPopulationTagFactory, ResidentFactory

LIMIT = 150 * 1024
COUNTED = {"document", "stylesheet", "script", "fetch", "xhr"}


def test_the_visit_form_weighs_under_150_kb_as_a_phone_downloads_it(
    transactional_db, live_server, browser, world
):
    resident = ResidentFactory(room=world.room1, real_name="周玉珍")
    KeyPopulationTagFactory(resident=resident, category="elderly_alone")  # its checklist shows
    ResidentFactory.create_batch(30, room=world.room1)  # a full picker
    # A first visit: no service worker yet, nothing cached.
    context = browser.new_context(viewport=PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    login(page, live_server, "worker1")
    page.wait_for_url(f"{live_server.url}/")  # the home page after signing in: not counted
    page.wait_for_load_state("networkidle")
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{live_server.url}/cases/visits/new/?resident={resident.pk}")
    page.wait_for_load_state("networkidle")
    expect(page.locator("textarea[name=content]")).to_be_visible()

    weights, uncompressed = {}, 0
    for response in responses:
        kind = response.request.resource_type
        if kind not in COUNTED or response.status != 200:
            continue
        body = response.body()
        static = "/static/" in response.url
        uncompressed += len(body)
        weights[kind, response.url] = len(gzip.compress(body)) if static else len(body)
    context.close()

    total = sum(weights.values())
    kinds = {kind for kind, _url in weights}
    print(
        f"\nvisit form page weight: {total} bytes ({total / 1024:.1f} KB); uncompressed {uncompressed}"
    )
    for (kind, url), size in sorted(weights.items(), key=lambda item: -item[1]):
        print(f"  {size:>7}  {kind:<10} {url.removeprefix(live_server.url)}")
    assert {"document", "stylesheet", "script"} <= kinds
    assert len(weights) >= 5
    assert total < LIMIT, f"the visit form weighs {total} bytes"
