//! Users and sign-in with Cognito ([`UserDirectory`]).
//!
//! `create_user` runs three admin calls — AdminCreateUser (no invitation message; the bindings as
//! `custom:<name>` attributes), AdminSetUserPassword (permanent, so the user can sign in at once)
//! and AdminAddUserToGroup (the group named after the role) — and deletes the user again if a
//! later step fails, so no half-created user (without a password or a role) remains.
//!
//! `list_users` walks the role groups in [`Role::ALL`]'s order with `ListUsersInGroup` (a group's
//! users in Cognito's order); its `next_token` names the group it stopped in and Cognito's own
//! token there, with the filter it was issued for.
//!
//! `sign_in` uses `ADMIN_USER_PASSWORD_AUTH` and hands out Cognito's **ID token**: API Gateway's
//! Cognito authorizer validates ID tokens and passes their claims (groups = role, custom
//! attributes = bindings) to the functions, which is what [`Caller::from_claims`] reads. An unknown
//! user and a wrong password are both `Ok(None)`, as the port requires. The client's address goes
//! along as the request's context data, which Cognito's threat protection (when the pool has it)
//! scores; Cognito's own lockout after repeated failures ("Password attempts exceeded") and its
//! request-rate quota come back as `Throttled`.

use std::net::IpAddr;

use async_trait::async_trait;
use aws_config::SdkConfig;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::admin_create_user::AdminCreateUserError;
use aws_sdk_cognitoidentityprovider::operation::admin_delete_user::AdminDeleteUserError;
use aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::AdminInitiateAuthError;
use aws_sdk_cognitoidentityprovider::operation::admin_set_user_password::AdminSetUserPasswordError;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, ContextDataType, MessageActionType};
use aws_sdk_cognitoidentityprovider::operation::list_users_in_group::ListUsersInGroupError;
use aws_sdk_cognitoidentityprovider::types::UserType;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mediclear_domain::identity::{Bindings, Caller, LoginName, NewUser, Role, claim};
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::identity::{IssuedToken, MAX_USERS_PAGE, UserDirectory, UserPage, UserSummary};

use crate::error::port_error;

/// A Cognito user pool and the app client users sign in through.
#[derive(Debug, Clone)]
pub struct CognitoDirectory {
    client: Client,
    user_pool_id: String,
    client_id: String,
}

impl CognitoDirectory {
    /// The app client must allow `ALLOW_ADMIN_USER_PASSWORD_AUTH` and have no secret.
    pub fn new(config: &SdkConfig, user_pool_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self { client: Client::new(config), user_pool_id: user_pool_id.into(), client_id: client_id.into() }
    }

    async fn finish_user(&self, user: &NewUser) -> PortResult<()> {
        let username = user.username.as_str();
        let result = self
            .client
            .admin_set_user_password()
            .user_pool_id(&self.user_pool_id)
            .username(username)
            .password(user.password.expose())
            .permanent(true)
            .send()
            .await;
        match result {
            Ok(_) => {}
            Err(e) if matches!(e.as_service_error(), Some(AdminSetUserPasswordError::InvalidPasswordException(_))) => {
                return Err(PortError::Rejected("the password does not meet the user pool's password policy".into()));
            }
            Err(e) => return Err(port_error("cognito.AdminSetUserPassword", &e)),
        }
        self.client
            .admin_add_user_to_group()
            .user_pool_id(&self.user_pool_id)
            .username(username)
            .group_name(user.role.as_str())
            .send()
            .await
            .map_err(|e| port_error("cognito.AdminAddUserToGroup", &e))?;
        Ok(())
    }
}

/// Where a listing stopped: the role group, Cognito's token in it (none: its start), and the
/// listing's filter, so a token is not accepted by a listing with another filter.
#[derive(serde::Serialize, serde::Deserialize)]
struct ListPosition {
    role: Role,
    #[serde(default)]
    token: Option<String>,
    filter: Option<Role>,
}

fn encode_position(position: &ListPosition) -> PortResult<String> {
    let json = serde_json::to_vec(position).map_err(|e| PortError::Internal(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(json))
}

fn decode_position(token: &str, filter: Option<Role>) -> PortResult<ListPosition> {
    let invalid = || PortError::Rejected("next_token is not valid".into());
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let position: ListPosition = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if position.filter != filter || filter.is_some_and(|f| f != position.role) {
        return Err(invalid());
    }
    Ok(position)
}

/// A Cognito user as the listing shows it. A user whose binding attributes were edited outside
/// MediClear into malformed ids is listed without bindings rather than hidden.
fn summary(user: &UserType, role: Role) -> UserSummary {
    let attributes: serde_json::Map<String, serde_json::Value> =
        user.attributes().iter().filter_map(|a| Some((a.name().to_string(), serde_json::Value::String(a.value()?.to_string())))).collect();
    let bindings = Bindings::from_claims(&attributes).unwrap_or_default();
    let created_at = user.user_create_date().and_then(|d| chrono::DateTime::from_timestamp_millis(d.to_millis().ok()?));
    UserSummary { username: user.username().unwrap_or_default().to_string(), role, bindings, created_at }
}

#[async_trait]
impl UserDirectory for CognitoDirectory {
    #[tracing::instrument(skip(self, user), fields(pool = %self.user_pool_id, role = %user.role))]
    async fn create_user(&self, user: &NewUser) -> PortResult<Caller> {
        let mut attributes = Vec::new();
        for (name, value) in user.bindings.present() {
            let attribute = AttributeType::builder().name(claim::binding(name)).value(value).build().map_err(|e| PortError::Internal(e.to_string()))?;
            attributes.push(attribute);
        }
        let created = self
            .client
            .admin_create_user()
            .user_pool_id(&self.user_pool_id)
            .username(user.username.as_str())
            .message_action(MessageActionType::Suppress)
            .set_user_attributes(Some(attributes))
            .send()
            .await;
        let created = match created {
            Ok(out) => out,
            Err(e) => {
                return Err(match e.as_service_error() {
                    Some(AdminCreateUserError::UsernameExistsException(_)) => PortError::Conflict("the username is taken".into()),
                    Some(AdminCreateUserError::InvalidPasswordException(_)) => {
                        PortError::Rejected("the password does not meet the user pool's password policy".into())
                    }
                    _ => port_error("cognito.AdminCreateUser", &e),
                });
            }
        };
        let subject = created
            .user
            .as_ref()
            .and_then(|u| u.attributes().iter().find(|a| a.name() == "sub"))
            .and_then(|a| a.value())
            .map(str::to_string);

        let finished = match subject {
            Some(_) => self.finish_user(user).await,
            None => Err(PortError::Internal("cognito.AdminCreateUser returned no sub".into())),
        };
        if let Err(err) = finished {
            // Undo, so the username is free again and no user without a password or role remains.
            if let Err(e) = self.client.admin_delete_user().user_pool_id(&self.user_pool_id).username(user.username.as_str()).send().await {
                tracing::error!(error = %port_error("cognito.AdminDeleteUser", &e), "could not remove a half-created user");
            }
            return Err(err);
        }
        Ok(Caller {
            subject: subject.expect("checked above"),
            username: user.username.as_str().to_string(),
            role: user.role,
            bindings: user.bindings.clone(),
        })
    }

    #[tracing::instrument(skip(self, username), fields(pool = %self.user_pool_id))]
    async fn delete_user(&self, username: &LoginName) -> PortResult<bool> {
        match self.client.admin_delete_user().user_pool_id(&self.user_pool_id).username(username.as_str()).send().await {
            Ok(_) => Ok(true),
            Err(e) if matches!(e.as_service_error(), Some(AdminDeleteUserError::UserNotFoundException(_))) => Ok(false),
            Err(e) => Err(port_error("cognito.AdminDeleteUser", &e)),
        }
    }

    #[tracing::instrument(skip(self, username, password, source), fields(pool = %self.user_pool_id))]
    async fn sign_in(&self, username: &LoginName, password: &str, source: Option<IpAddr>) -> PortResult<Option<IssuedToken>> {
        let context = source.and_then(|address| {
            ContextDataType::builder()
                .ip_address(address.to_string())
                .server_name("mediclear")
                .server_path("/api/v1/auth/token")
                .set_http_headers(Some(Vec::new()))
                .build()
                .ok()
        });
        let result = self
            .client
            .admin_initiate_auth()
            .user_pool_id(&self.user_pool_id)
            .client_id(&self.client_id)
            .auth_flow(AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", username.as_str())
            .auth_parameters("PASSWORD", password)
            .set_context_data(context)
            .send()
            .await;
        let out = match result {
            Ok(out) => out,
            Err(e) => {
                return match e.as_service_error() {
                    // Cognito's lockout: its delay doubles from 1 s up to about 15 minutes and is
                    // not reported, so the client is asked to wait a moderate 30 s.
                    Some(AdminInitiateAuthError::NotAuthorizedException(refusal))
                        if refusal.message().is_some_and(|m| m.contains("attempts exceeded")) =>
                    {
                        Err(PortError::Throttled { retry_after_seconds: 30 })
                    }
                    Some(AdminInitiateAuthError::TooManyRequestsException(_)) => Err(PortError::Throttled { retry_after_seconds: 1 }),
                    Some(AdminInitiateAuthError::NotAuthorizedException(_) | AdminInitiateAuthError::UserNotFoundException(_)) => Ok(None),
                    Some(AdminInitiateAuthError::PasswordResetRequiredException(_)) => {
                        Err(PortError::Rejected("the password must be reset before signing in".into()))
                    }
                    Some(AdminInitiateAuthError::UserNotConfirmedException(_)) => Err(PortError::Rejected("the account is not confirmed".into())),
                    _ => Err(port_error("cognito.AdminInitiateAuth", &e)),
                };
            }
        };
        if let Some(challenge) = out.challenge_name() {
            return Err(PortError::Rejected(format!("signing in needs a step this API does not offer ({})", challenge.as_str())));
        }
        let result = out.authentication_result().ok_or_else(|| PortError::Internal("cognito.AdminInitiateAuth returned no tokens".into()))?;
        let id_token = result.id_token().ok_or_else(|| PortError::Internal("cognito.AdminInitiateAuth returned no ID token".into()))?;
        Ok(Some(IssuedToken { access_token: id_token.to_string(), token_type: "Bearer", expires_in: result.expires_in().max(0) as u64 }))
    }

    #[tracing::instrument(skip(self, next_token), fields(pool = %self.user_pool_id))]
    async fn list_users(&self, role: Option<Role>, limit: usize, next_token: Option<&str>) -> PortResult<UserPage> {
        let limit = limit.clamp(1, MAX_USERS_PAGE);
        let roles: Vec<Role> = role.map_or_else(|| Role::ALL.to_vec(), |r| vec![r]);
        let (mut at, mut token) = match next_token {
            Some(t) => {
                let position = decode_position(t, role)?;
                let at = roles.iter().position(|r| *r == position.role).ok_or_else(|| PortError::Rejected("next_token is not valid".into()))?;
                (at, position.token)
            }
            None => (0, None),
        };
        let mut users = Vec::new();
        while at < roles.len() && users.len() < limit {
            let group = roles[at];
            let want = i32::try_from(limit - users.len()).unwrap_or(1);
            let out = match self
                .client
                .list_users_in_group()
                .user_pool_id(&self.user_pool_id)
                .group_name(group.as_str())
                .limit(want)
                .set_next_token(token.take())
                .send()
                .await
            {
                Ok(out) => out,
                // A role group that does not exist holds nobody.
                Err(e) if matches!(e.as_service_error(), Some(ListUsersInGroupError::ResourceNotFoundException(_))) => {
                    at += 1;
                    continue;
                }
                Err(e) if matches!(e.as_service_error(), Some(ListUsersInGroupError::InvalidParameterException(_))) => {
                    return Err(PortError::Rejected("next_token is not valid".into()));
                }
                Err(e) => return Err(port_error("cognito.ListUsersInGroup", &e)),
            };
            users.extend(out.users().iter().map(|u| summary(u, group)));
            match out.next_token() {
                Some(next) if !next.is_empty() => token = Some(next.to_string()),
                _ => at += 1,
            }
        }
        let next_token = if at < roles.len() { Some(encode_position(&ListPosition { role: roles[at], token, filter: role })?) } else { None };
        Ok(UserPage { users, next_token })
    }
}
