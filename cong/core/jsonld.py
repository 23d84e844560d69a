"""schema.org descriptions of portals (GovernmentOrganization) and articles (NewsArticle)."""

from django.utils import timezone

CONTEXT = "https://schema.org"


def iso_local(value) -> str | None:
    """A datetime as ISO 8601 in Vietnam time (the site's time zone), e.g. …T14:30:00+07:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def organization(portal) -> dict:
    """The unit behind a portal as a schema.org GovernmentOrganization."""
    from cong.core.chrome import portal_contact

    unit = portal.unit
    url = portal.full_url
    data = {
        "@type": "GovernmentOrganization",
        "@id": f"{url}#organization" if url else None,
        "name": unit.name,
        "url": url,
        "identifier": unit.code,
    }
    if unit.name_en:
        data["alternateName"] = unit.name_en
    contact = portal_contact(portal)
    if contact is not None:
        if contact.address:
            data["address"] = {
                "@type": "PostalAddress",
                "streetAddress": contact.address,
                "addressCountry": "VN",
            }
        for key, value in [
            ("telephone", contact.phone or contact.hotline),
            ("faxNumber", contact.fax),
            ("email", contact.email),
        ]:
            if value:
                data[key] = value
    return {key: value for key, value in data.items() if value is not None}


def graph(*nodes: dict) -> dict:
    """Several schema.org nodes in one document."""
    items = [{key: value for key, value in node.items() if key != "@context"} for node in nodes]
    return {"@context": CONTEXT, "@graph": items}


def news_article(article, web_page: dict) -> dict:
    """An ArticlePage as a NewsArticle, with the page's breadcrumb trail beside it."""
    portal = article.owning_portal
    publisher = organization(portal) if portal is not None else None
    url = article.full_url
    data = {
        "@type": "NewsArticle",
        "@id": f"{url}#article" if url else None,
        "headline": article.title[:110],
        "description": article.sapo or None,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": "vi",
        "datePublished": iso_local(article.published_at),
        "dateModified": iso_local(article.last_published_at or article.published_at),
        "isAccessibleForFree": True,
    }
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    elif publisher:
        data["author"] = {"@type": "GovernmentOrganization", "name": publisher["name"]}
    if publisher:
        data["publisher"] = publisher
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    if article.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": article.source}
    # topic_list / tag_list are cached on the page, shared with the template.
    tags = article.tag_list if hasattr(type(article), "tag_list") else article.tags.all()
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = keywords
    topics = article.topic_list if hasattr(type(article), "topic_list") else article.topics.all()
    sections = [topic.name for topic in topics]
    if sections:
        data["articleSection"] = sections
    data = {key: value for key, value in data.items() if value is not None}
    return graph(web_page, data)
