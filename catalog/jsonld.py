"""CPSV-AP 3.2.0 JSON-LD for one service.

Terms are the class-qualified names of the published context (`PublicService.name`, `Cost.hasValue`, ...);
multilingual text is a set of `{"@language", "@value"}` objects. What CPSV has no home for (steps, eKey level,
popularity; CPSV-AP issues #31 and #139) goes under the Bawaba namespace.
"""

from __future__ import annotations

from typing import Any

from catalog import schemas as s

CPSV_CONTEXT = "https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld"
COUNTRY_BH = "http://publications.europa.eu/resource/authority/country/BHR"
CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
LANGUAGES = [
    "http://publications.europa.eu/resource/authority/language/ARA",
    "http://publications.europa.eu/resource/authority/language/ENG",
]


def lang(text: s.I18n | None) -> list[dict[str, str]]:
    if text is None:
        return []
    return [{"@language": code, "@value": value} for code, value in (("en", text.en), ("ar", text.ar)) if value]


def service_document(d: s.ServiceDetail, base: str) -> dict[str, Any]:
    """The JSON-LD document of a service; `base` is the API root URL (…/api/v1) used to mint IRIs."""
    sid = f"{base}/services/{d.code}"
    ns = f"{base}/ns#"
    channel_iri = {c.code: f"{base}/channels/{c.code}" for c in d.channels}
    doc: dict[str, Any] = {
        "@context": [CPSV_CONTEXT, {"bawaba": ns, "xsd": "http://www.w3.org/2001/XMLSchema#"}],
        "@id": sid,
        "@type": "PublicService",
        "PublicService.identifier": d.code,
        "PublicService.name": lang(d.name),
        "PublicService.description": lang(d.description),
        "PublicService.status": f"{base}/statuses/{d.status}",
        "PublicService.spatial": [COUNTRY_BH],
        "PublicService.language": LANGUAGES,
        "PublicService.hasCompetentAuthority": [
            {
                "@id": f"{base}/entities/{d.entity.key}",
                "@type": "PublicOrganization",
                "PublicOrganization.preferredLabel": lang(d.entity.name),
                "PublicOrganization.spatial": [COUNTRY_BH],
            }
        ],
        "PublicService.thematicArea": [f"{base}/categories/{c.slug}" for c in d.categories],
        "PublicService.isGroupedBy": [
            {"@id": f"{base}/events/{e.key}", "@type": "Event", "Event.name": lang(e.name)} for e in d.events
        ],
        "PublicService.addressee": [f"{base}/audiences/{a}" for a in d.audience],
        "PublicService.hasChannel": [
            {
                "@id": channel_iri[c.code],
                "@type": "Channel",
                "Channel.identifier": c.code,
                "Channel.type": f"{base}/channel-kinds/{c.kind}",
                **({"Channel.processingTime": c.processing_time_iso} if c.processing_time_iso else {}),
                **({"Channel.description": lang(c.notes)} if c.notes else {}),
            }
            for c in d.channels
        ],
        "PublicService.hasCost": [
            {
                "@id": f"{sid}#cost-{i}",
                "@type": "Cost",
                "Cost.identifier": f"{d.code}-cost-{i}",
                # xsd:double per the context; given as the exact decimal string so no float rounding creeps in.
                "Cost.hasValue": c.amount_bhd,
                "Cost.currency": CURRENCY + c.currency,
                **(
                    {"Cost.ifAccessedThrough": channel_iri.get(c.channel, f"{base}/channels/{c.channel}")}
                    if c.channel
                    else {}
                ),
                **({"Cost.description": lang(c.description)} if c.description else {}),
                **({"Cost.isDefinedBy": [f"{base}/entities/{c.defined_by}"]} if c.defined_by else {}),
            }
            for i, c in enumerate(d.costs, 1)
        ],
        "PublicService.holdsRequirement": [
            {
                "@id": f"{sid}#requirement-{i}",
                "@type": "Requirement",
                "Requirement.identifier": f"{d.code}-requirement-{i}",
                "Requirement.name": lang(x.name),
                "Requirement.type": [f"{base}/requirement-types/{x.type}"],
            }
            for i, x in enumerate(d.requirements, 1)
        ],
        "PublicService.hasInput": [
            {
                "@id": f"{sid}#evidence-{i}",
                "@type": "Evidence",
                "Evidence.identifier": f"{d.code}-evidence-{i}",
                "Evidence.name": lang(x.name),
                **({"Evidence.description": lang(x.description)} if x.description else {}),
            }
            for i, x in enumerate(d.evidence, 1)
        ],
        "PublicService.produces": [
            {
                "@id": f"{sid}#output-{i}",
                "@type": "Output",
                "Output.identifier": f"{d.code}-output-{i}",
                "Output.name": lang(x.name),
                "Output.type": [f"{base}/output-types/{x.type}"],
            }
            for i, x in enumerate(d.outputs, 1)
        ],
        "PublicService.hasLegalResource": [x.url or f"{base}/legal/{x.slug}" for x in d.legal],
        "PublicService.contactPoint": [
            {
                "@id": f"{sid}#contact-{i}",
                "@type": "ContactPoint",
                **({"ContactPoint.hasEmail": [c.email]} if c.email else {}),
                **({"ContactPoint.hasTelephone": [c.phone]} if c.phone else {}),
                **({"ContactPoint.contactPage": [c.url]} if c.url else {}),
            }
            for i, c in enumerate(d.contacts, 1)
        ],
        "PublicService.requires": [f"{base}/services/{x.code}" for x in d.related if x.kind == "requires"],
        "PublicService.relatedService": [f"{base}/services/{x.code}" for x in d.related if x.kind != "requires"],
        # No CPSV-AP home: procedure steps (EU SDG Art. 10(a)), eKey level, national system.
        "bawaba:ekeyLevel": d.ekey_level,
        "bawaba:step": [{"bawaba:n": x.n, "bawaba:text": lang(x.text)} for x in d.steps],
        "bawaba:popularityRank": d.popularity_rank,
        "bawaba:version": d.version,
    }
    if d.processing_time.iso:
        doc["PublicService.processingTime"] = d.processing_time.iso
    if d.national_system is not None:
        doc["bawaba:nationalSystem"] = {"@id": f"{base}/systems/{d.national_system.key}"}
    return doc
