//! WebSocket channels (API.md, WebSocket): `provider-{provider_id}` carries that provider's cases,
//! `insurer-queue` carries every case. A provider may subscribe only to its own channel, an
//! insurer to the queue, an admin to either; patients and doctors to neither.

use serde::Serialize;
use std::fmt;

use crate::identity::{Caller, Role};
use crate::ids::ProviderId;
use crate::preauth::case::Case;
use crate::validation::ValidationError;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Channel {
    Provider(ProviderId),
    InsurerQueue,
}

impl Channel {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        if raw == "insurer-queue" {
            return Ok(Channel::InsurerQueue);
        }
        raw.strip_prefix("provider-")
            .and_then(|id| ProviderId::parse(id).ok())
            .map(Channel::Provider)
            .ok_or_else(|| ValidationError::invalid("channel", "channel must be \"provider-{provider_id}\" or \"insurer-queue\""))
    }

    /// Whether the caller may listen on this channel.
    pub fn may_subscribe(&self, caller: &Caller) -> bool {
        match (self, caller.role) {
            (_, Role::Admin) => true,
            (Channel::InsurerQueue, Role::Insurer) => true,
            (Channel::Provider(id), Role::Provider) => caller.provider_id() == Some(id),
            _ => false,
        }
    }

    /// The channels a change to this case is pushed to.
    pub fn for_case(case: &Case) -> [Channel; 2] {
        [Channel::Provider(case.provider_id.clone()), Channel::InsurerQueue]
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::Provider(id) => write!(f, "provider-{id}"),
            Channel::InsurerQueue => f.write_str("insurer-queue"),
        }
    }
}

/// The message subscribers receive on every case change.
#[derive(Debug, Clone, Serialize)]
pub struct CaseUpdated<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub case: &'a Case,
}

impl<'a> CaseUpdated<'a> {
    pub fn new(case: &'a Case) -> Self {
        Self { kind: "case.updated", case }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Bindings;

    fn caller(role: Role, provider: Option<&str>) -> Caller {
        Caller {
            subject: "s".into(),
            username: "u".into(),
            role,
            bindings: Bindings { provider_id: provider.map(|p| ProviderId::parse(p).unwrap()), ..Default::default() },
        }
    }

    #[test]
    fn channel_names_round_trip() {
        for name in ["provider-PRV-001", "insurer-queue"] {
            assert_eq!(Channel::parse(name).unwrap().to_string(), name);
        }
        for bad in ["provider-", "provider-a/b", "queue", ""] {
            assert_eq!(Channel::parse(bad).unwrap_err().code, "INVALID_CHANNEL");
        }
    }

    #[test]
    fn subscriptions_follow_roles_and_ownership() {
        let own = Channel::parse("provider-PRV-001").unwrap();
        assert!(own.may_subscribe(&caller(Role::Provider, Some("PRV-001"))));
        assert!(!own.may_subscribe(&caller(Role::Provider, Some("PRV-002"))));
        assert!(!own.may_subscribe(&caller(Role::Insurer, None)));
        assert!(Channel::InsurerQueue.may_subscribe(&caller(Role::Insurer, None)));
        assert!(!Channel::InsurerQueue.may_subscribe(&caller(Role::Provider, Some("PRV-001"))));
        assert!(Channel::InsurerQueue.may_subscribe(&caller(Role::Admin, None)));
        assert!(!Channel::InsurerQueue.may_subscribe(&caller(Role::Patient, None)));
    }
}
