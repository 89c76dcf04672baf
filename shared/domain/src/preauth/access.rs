//! Who may do what with pre-auth cases (API.md, Prior authorization table).
//!
//! Two questions, answered separately because they get different statuses:
//! - may this *role* use the route at all? No → 403.
//! - may this *caller* see this *case*? No → 404, exactly as if it did not exist, so a provider
//!   cannot learn which case ids belong to other clinics.

use crate::identity::{Caller, Role};
use crate::ids::ProviderId;
use crate::preauth::case::Case;

/// The pre-auth operations a route performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreauthAction {
    FileCase,
    ReadCase,
    ListCases,
    Decide,
    MatchCriteria,
    UploadRecord,
    UploadPolicy,
}

impl PreauthAction {
    /// The roles the API table lets use this operation.
    pub fn allowed_roles(self) -> &'static [Role] {
        match self {
            PreauthAction::FileCase | PreauthAction::UploadRecord => &[Role::Provider],
            PreauthAction::ReadCase | PreauthAction::ListCases => &[Role::Provider, Role::Insurer, Role::Admin],
            PreauthAction::Decide => &[Role::Insurer],
            PreauthAction::MatchCriteria => &[Role::Provider, Role::Insurer],
            PreauthAction::UploadPolicy => &[Role::Insurer, Role::Admin],
        }
    }

    /// Whether the caller's role may use the operation. A provider must also carry its
    /// `provider_id`, or it could own nothing.
    pub fn permits(self, caller: &Caller) -> bool {
        self.allowed_roles().contains(&caller.role) && (caller.role != Role::Provider || caller.provider_id().is_some())
    }
}

/// Whether the caller may see this case: its own provider, any insurer, any admin.
pub fn may_see(caller: &Caller, case: &Case) -> bool {
    match caller.role {
        Role::Insurer | Role::Admin => true,
        Role::Provider => caller.provider_id() == Some(&case.provider_id),
        Role::Patient | Role::Doctor => false,
    }
}

/// The provider a listing is confined to: a provider always sees only its own cases, whatever
/// `provider_id` it asked for; insurers and admins see what they asked for.
pub fn listing_scope(caller: &Caller, requested: Option<ProviderId>) -> ListingScope {
    match (caller.role, caller.provider_id()) {
        (Role::Provider, Some(own)) => match requested {
            Some(other) if &other != own => ListingScope::Nothing,
            _ => ListingScope::Provider(own.clone()),
        },
        (Role::Insurer | Role::Admin, _) => requested.map_or(ListingScope::Everything, ListingScope::Provider),
        _ => ListingScope::Nothing,
    }
}

/// What a listing may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListingScope {
    Everything,
    Provider(ProviderId),
    /// The caller asked for another provider's cases: an empty list, as if there were none.
    Nothing,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Bindings;
    use crate::ids::{CaseId, PatientId};
    use crate::preauth::case::{CaseRequest, Urgency};
    use crate::codes::ProcedureCode;

    fn caller(role: Role, provider: Option<&str>) -> Caller {
        Caller {
            subject: "s".into(),
            username: "u".into(),
            role,
            bindings: Bindings { provider_id: provider.map(|p| ProviderId::parse(p).unwrap()), ..Default::default() },
        }
    }

    fn case_of(provider: &str) -> Case {
        let request = CaseRequest {
            patient_id: PatientId::parse("PAT-1").unwrap(),
            procedure_code: ProcedureCode::parse("27447").unwrap(),
            diagnosis_codes: vec![],
            urgency: Urgency::Standard,
            notes: None,
        };
        Case::file(CaseId::parse("PA-1").unwrap(), request, ProviderId::parse(provider).unwrap(), "s", chrono::Utc::now())
    }

    #[test]
    fn providers_see_only_their_own_cases() {
        let case = case_of("PRV-001");
        assert!(may_see(&caller(Role::Provider, Some("PRV-001")), &case));
        assert!(!may_see(&caller(Role::Provider, Some("PRV-002")), &case));
        assert!(may_see(&caller(Role::Insurer, None), &case));
        assert!(may_see(&caller(Role::Admin, None), &case));
        assert!(!may_see(&caller(Role::Patient, None), &case));
        assert!(!may_see(&caller(Role::Doctor, None), &case));
    }

    #[test]
    fn roles_per_action_follow_the_api_table() {
        assert!(PreauthAction::FileCase.permits(&caller(Role::Provider, Some("P"))));
        assert!(!PreauthAction::FileCase.permits(&caller(Role::Provider, None)));
        assert!(!PreauthAction::FileCase.permits(&caller(Role::Insurer, None)));
        assert!(PreauthAction::Decide.permits(&caller(Role::Insurer, None)));
        assert!(!PreauthAction::Decide.permits(&caller(Role::Admin, None)));
        assert!(PreauthAction::UploadPolicy.permits(&caller(Role::Admin, None)));
        assert!(!PreauthAction::UploadPolicy.permits(&caller(Role::Provider, Some("P"))));
    }

    #[test]
    fn listing_is_confined_for_providers() {
        let own = caller(Role::Provider, Some("PRV-001"));
        assert_eq!(listing_scope(&own, None), ListingScope::Provider(ProviderId::parse("PRV-001").unwrap()));
        assert_eq!(listing_scope(&own, Some(ProviderId::parse("PRV-002").unwrap())), ListingScope::Nothing);
        assert_eq!(listing_scope(&caller(Role::Insurer, None), None), ListingScope::Everything);
        assert_eq!(listing_scope(&caller(Role::Patient, None), None), ListingScope::Nothing);
    }
}
