"""The whole OpenAPI document against the running app: schemathesis generates valid and invalid requests
for every operation (bounded: a few examples each, some 750 requests in all) and checks that no answer is
a server error, invalid input is refused, and every answer matches the schema (status code, content
type, headers, body)."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    GlossaryTermFactory,
    LegalFrameworkFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ProductFactory,
    RegionFactory,
    TierFactory,
    UptakeFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_test_transaction():
    """Keep Django from closing the connection after each WSGI request, as its own test client does.

    Otherwise the end of the first request closes the connection that holds the test's transaction
    (PostgreSQL reports "the connection is closed").
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(db, in_test_transaction) -> dict:
    region = RegionFactory(slug="st-regio", name="Schemathesis-regio")
    sub = RegionFactory(slug="st-subregio", name="Schemathesis-subregio", parent=region)
    organisation = OrganisationFactory(slug="st-ggd", region=region)
    municipality = MunicipalityFactory(cbs_code="GM8901", name="Stadt", slug="st-stadt")
    municipality.regions.add(region, sub)
    MembershipFactory(organisation=organisation, municipality=municipality, start_year=2020)
    joint = TierFactory(organisation=organisation, code="2a")
    own = TierFactory(organisation=organisation, code="3", commissioning="individueel", statutory=False)
    law = LegalFrameworkFactory(slug="st-wet", bwb_id="BWBR9990002")
    product = ProductFactory(organisation=organisation, slug="st-product", tiers=[joint], laws=[law])
    bought = ProductFactory(
        organisation=organisation, unit=product.unit, tiers=[own], age_min_months=-9, age_max_months=216
    )
    UptakeFactory(product=bought, municipality=municipality)
    GlossaryTermFactory(organisation=organisation, term="Jeugd­gezondheidszorg (JGZ)")
    return {"organisation": organisation, "product": product, "municipality": municipality, "law": law}


@pytest.fixture
def api_schema(api_data):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


# Loaded at collection: generating the document touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema_and_never_with_a_server_error(case, api_data):
    case.call_and_validate(checks=CHECKS)


def test_answers_with_data_match_the_schema(api_schema, api_data):
    """Generated keys rarely exist; these requests hit real rows so the full 200 bodies are checked too."""
    product = api_data["product"]
    cases = [
        ("/api/v1", {}, {}),
        ("/api/v1/producten", {}, {"organisatie": "st-ggd"}),
        ("/api/v1/producten", {}, {"gemeente": "GM8901", "pageSize": 1, "page": 2}),
        ("/api/v1/producten", {}, {"leeftijd": "1,5", "schil": "3", "wet": "st-wet", "q": "product", "jaar": 2026}),
        ("/api/v1/producten", {}, {"organisatie": "st-ggd", "format": "csv"}),
        ("/api/v1/producten.csv", {}, {"gemeente": "GM8901"}),
        ("/api/v1/producten/{organisatie}/{slug}", {"organisatie": "st-ggd", "slug": product.slug}, {}),
        ("/api/v1/organisaties", {}, {}),
        ("/api/v1/organisaties/{organisatie}", {"organisatie": "st-ggd"}, {}),
        ("/api/v1/eenheden", {}, {"organisatie": "st-ggd"}),
        ("/api/v1/eenheden/{organisatie}/{slug}", {"organisatie": "st-ggd", "slug": product.unit.slug}, {}),
        ("/api/v1/schillen", {}, {"organisatie": "st-ggd"}),
        ("/api/v1/schillen/{organisatie}/{code}", {"organisatie": "st-ggd", "code": "2a"}, {}),
        ("/api/v1/wetten", {}, {}),
        ("/api/v1/wetten/{slug}", {"slug": "st-wet"}, {}),
        ("/api/v1/edities", {}, {"organisatie": "st-ggd"}),
        ("/api/v1/edities/{organisatie}/{jaar}", {"organisatie": "st-ggd", "jaar": 2026}, {}),
        ("/api/v1/begrippen", {}, {"organisatie": "st-ggd"}),
        (
            "/api/v1/begrippen/{organisatie}/{slug}",
            {"organisatie": "st-ggd", "slug": "jeugdgezondheidszorg-jgz"},
            {},
        ),
        ("/api/v1/gemeenten", {}, {}),
        ("/api/v1/gemeenten/{cbsCode}", {"cbsCode": "GM8901"}, {}),
        ("/api/v1/regios", {}, {}),
        ("/api/v1/regios/{slug}", {"slug": "st-subregio"}, {}),
    ]
    for path, path_parameters, query in cases:
        operation = api_schema[path.removeprefix("/api/v1") or "/"]["GET"]  # paths are relative to the server URL
        case = operation.Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(checks=CHECKS)
        assert response.status_code == 200, (path, path_parameters, query, response.text[:300])
