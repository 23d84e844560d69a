from django.urls import path

from cong.editorial.views import audit, proposals, roles

urlpatterns = [
    path("roles/", roles.roles_index, name="editorial_roles"),
    path("roles/<int:portal_id>/", roles.portal_roles, name="editorial_portal_roles"),
    path("roles/<int:portal_id>/revoke/", roles.revoke, name="editorial_revoke_role"),
    path("proposals/", proposals.proposals_index, name="editorial_proposals"),
    path("proposals/propose/<int:page_id>/", proposals.propose, name="editorial_propose"),
    path(
        "proposals/<int:proposal_id>/<str:decision>/",
        proposals.decide,
        name="editorial_decide",
    ),
    path("audit/", audit.audit_index, name="editorial_audit"),
    path("audit/<int:portal_id>/", audit.audit_log, name="editorial_audit_log"),
]
