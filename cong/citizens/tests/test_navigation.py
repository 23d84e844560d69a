"""The citizens' pages must be reachable from every portal page's header and footer.

The header lists the section types named in `cong.core.chrome.SECTION_LABELS` and the footer
is `cong/templates/includes/footer.html`, both list the Q&A and consultation sections and link
the alerts form."""

import pytest

from .factories import ConsultationIndexPageFactory


@pytest.mark.django_db
def test_portal_pages_link_to_qa_consultations_and_alerts(client, small_network, qa):
    hanoi = small_network["portals"]["hanoi"]
    consultations = ConsultationIndexPageFactory(parent=hanoi)
    for url in (hanoi.url, small_network["sections"]["hanoi"]["news"].url):
        html = client.get(url).content.decode()
        assert f'href="{qa["hanoi"].url}"' in html
        assert f'href="{consultations.url}"' in html
        assert f'href="/cong-dan/nhan-tin/?portal={hanoi.pk}"' in html
