//! Ports limited, at compile time, to the operations one handler makes.
//!
//! A handler takes its dependencies as port trait objects (`Arc<dyn BlobStore>`,
//! `Arc<dyn DocumentStore>`, …). A trait object's vtable holds every method of the trait, so a
//! Lambda that reads one S3 object still links every S3 operation its adapter can make —
//! `PutObject`, `ListObjectVersions`, `DeleteObject`, both presignings — and LTO cannot drop
//! them: they are reachable through the vtable. Each SDK operation brings its serialisers, its
//! error types and its interceptors; `GetObject` and `PutObject` also bring the SDK's checksum
//! code, whose CRC library carries 664 kB of lookup tables (0.59 MB of a zip).
//!
//! The wrappers here implement the same ports over any adapter `P`, with only the operations
//! named in `OPS`, a bit set (a const parameter) of the matching `*_ops` module: they call `P`
//! for those, and answer any other with [`PortError::Internal`] without a call. Because `OPS` is
//! a constant, the compiler removes the branch that would call `P`, and with it, for a concrete
//! AWS adapter, the SDK operation.
//!
//! A handler declares what it calls as a [`Uses`] constant beside its code (`get::USES`); its
//! Lambda's `main` limits the AWS adapters to it, and the local runtime limits the offline
//! adapters to the same constant — so every API test that goes through the local runtime fails
//! with a 500 if a handler calls an operation its `USES` does not name:
//!
//! ```ignore
//! blobs: limited::blobs::<{ get::USES.blobs }, _>(aws.blobs()?),
//! documents: limited::documents::<{ get::USES.documents }, _>(health.clone()),
//! ```

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mediclear_domain::health::doctor::{Doctor, VerificationStatus};
use mediclear_domain::health::document::PatientDocument;
use mediclear_domain::identity::{Caller, LoginName, NewUser, Role};
use mediclear_domain::ids::{DoctorId, DocumentId, JobId, PatientId};

use crate::PortError;
use crate::blobs::{Blob, BlobStore};
use crate::doctors::{DoctorPage, DoctorStore};
use crate::documents::{DocumentPage, DocumentStore};
use crate::error::PortResult;
use crate::idempotency::IdempotencyRecord;
use crate::identity::{IssuedToken, UserDirectory, UserPage};
use crate::jobs::{Job, JobStore};
use crate::patients::{Assignment, CareTeam};

/// The [`BlobStore`] operations, as bits of [`LimitedBlobs`]' `OPS`.
pub mod blob_ops {
    /// `get` (`GetObject`).
    pub const GET: u8 = 1 << 0;
    /// `put` (`PutObject`).
    pub const PUT: u8 = 1 << 1;
    /// `presign_put` (a presigned `PutObject`, signed locally).
    pub const PRESIGN_PUT: u8 = 1 << 2;
    /// `delete_prefix` (`ListObjectVersions` and `DeleteObject`).
    pub const DELETE_PREFIX: u8 = 1 << 3;
    /// `presign_get` (a presigned `GetObject`, signed locally).
    pub const PRESIGN_GET: u8 = 1 << 4;
    pub const ALL: u8 = GET | PUT | PRESIGN_PUT | DELETE_PREFIX | PRESIGN_GET;
}

/// The [`UserDirectory`] operations, as bits of [`LimitedDirectory`]' `OPS`.
pub mod user_ops {
    /// `create_user` (`AdminCreateUser`, `AdminSetUserPassword`, `AdminAddUserToGroup`, and
    /// `AdminDeleteUser` to undo).
    pub const CREATE_USER: u8 = 1 << 0;
    /// `sign_in` (`AdminInitiateAuth`).
    pub const SIGN_IN: u8 = 1 << 1;
    /// `delete_user` (`AdminDeleteUser`).
    pub const DELETE_USER: u8 = 1 << 2;
    /// `list_users` (`ListUsersInGroup`).
    pub const LIST_USERS: u8 = 1 << 3;
    pub const ALL: u8 = CREATE_USER | SIGN_IN | DELETE_USER | LIST_USERS;
}

/// The [`DocumentStore`] operations, as bits of [`LimitedDocuments`]' `OPS`.
pub mod document_ops {
    pub const CREATE: u8 = 1 << 0;
    pub const GET: u8 = 1 << 1;
    pub const UPDATE: u8 = 1 << 2;
    pub const FOR_PATIENT: u8 = 1 << 3;
    pub const NEEDING_REVIEW: u8 = 1 << 4;
    pub const DELETE_FOR_PATIENT: u8 = 1 << 5;
    pub const ALL: u8 = CREATE | GET | UPDATE | FOR_PATIENT | NEEDING_REVIEW | DELETE_FOR_PATIENT;
}

/// The [`JobStore`] operations, as bits of [`LimitedJobs`]' `OPS`.
pub mod job_ops {
    pub const PUT: u8 = 1 << 0;
    pub const CREATE_ONCE: u8 = 1 << 1;
    pub const GET: u8 = 1 << 2;
    pub const DELETE: u8 = 1 << 3;
    pub const ALL: u8 = PUT | CREATE_ONCE | GET | DELETE;
}

/// The [`CareTeam`] operations, as bits of [`LimitedCareTeam`]' `OPS`.
pub mod care_team_ops {
    pub const ASSIGN: u8 = 1 << 0;
    pub const REVOKE: u8 = 1 << 1;
    pub const IS_ASSIGNED: u8 = 1 << 2;
    pub const DOCTORS_OF: u8 = 1 << 3;
    pub const PATIENTS_OF: u8 = 1 << 4;
    pub const ALL: u8 = ASSIGN | REVOKE | IS_ASSIGNED | DOCTORS_OF | PATIENTS_OF;
}

/// The [`DoctorStore`] operations, as bits of [`LimitedDoctors`]' `OPS` (`get` also serves
/// `DoctorRoster::is_verified`).
pub mod doctor_ops {
    pub const GET: u8 = 1 << 0;
    pub const CREATE: u8 = 1 << 1;
    pub const REPLACE: u8 = 1 << 2;
    pub const LIST: u8 = 1 << 3;
    pub const ALL: u8 = GET | CREATE | REPLACE | LIST;
}

/// The operations one handler makes, port by port (bits of the `*_ops` modules; `0` for a port
/// it does not use through a limited wrapper).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uses {
    pub blobs: u8,
    pub directory: u8,
    pub documents: u8,
    pub jobs: u8,
    pub care_team: u8,
    pub doctors: u8,
}

impl Uses {
    /// Nothing; a handler's `USES` names what it calls on top: `Uses { blobs: blob_ops::GET, ..Uses::NONE }`.
    pub const NONE: Uses = Uses { blobs: 0, directory: 0, documents: 0, jobs: 0, care_team: 0, doctors: 0 };
}

/// The answer to an operation the function was not built to make.
fn not_wired(operation: &'static str) -> PortError {
    PortError::Internal(format!("{operation} is not wired into this function"))
}

/// Returns `not_wired` unless `bit` is in `OPS` — a constant, so the rest of the method is
/// compiled only where the operation is made.
macro_rules! only_if {
    ($ops:ident, $bit:expr, $operation:literal) => {
        if $ops & $bit == 0 {
            return Err(not_wired($operation));
        }
    };
}

macro_rules! limited {
    ($(#[$doc:meta])* $name:ident, $constructor:ident, $port:ident) => {
        $(#[$doc])*
        pub struct $name<const OPS: u8, P: ?Sized> {
            inner: Arc<P>,
        }

        impl<const OPS: u8, P: ?Sized> std::fmt::Debug for $name<OPS, P> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name)).field("ops", &OPS).finish_non_exhaustive()
            }
        }

        #[doc = concat!("`inner` as a [`", stringify!($port), "`] that answers only the operations in `OPS`; the others are not linked.")]
        pub fn $constructor<const OPS: u8, P: $port + ?Sized>(inner: Arc<P>) -> Arc<$name<OPS, P>> {
            Arc::new($name { inner })
        }
    };
}

limited!(
    /// A [`BlobStore`] with only the operations in `OPS` (bits of [`blob_ops`]).
    LimitedBlobs, blobs, BlobStore
);
limited!(
    /// A [`UserDirectory`] with only the operations in `OPS` (bits of [`user_ops`]).
    LimitedDirectory, directory, UserDirectory
);
limited!(
    /// A [`DocumentStore`] with only the operations in `OPS` (bits of [`document_ops`]).
    LimitedDocuments, documents, DocumentStore
);
limited!(
    /// A [`JobStore`] with only the operations in `OPS` (bits of [`job_ops`]).
    LimitedJobs, jobs, JobStore
);
limited!(
    /// A [`CareTeam`] with only the operations in `OPS` (bits of [`care_team_ops`]).
    LimitedCareTeam, care_team, CareTeam
);
limited!(
    /// A [`DoctorStore`] with only the operations in `OPS` (bits of [`doctor_ops`]).
    LimitedDoctors, doctors, DoctorStore
);

#[async_trait]
impl<const OPS: u8, P: BlobStore + ?Sized> BlobStore for LimitedBlobs<OPS, P> {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> PortResult<()> {
        only_if!(OPS, blob_ops::PUT, "blobs.put");
        self.inner.put(key, bytes, content_type).await
    }

    async fn get(&self, key: &str) -> PortResult<Option<Blob>> {
        only_if!(OPS, blob_ops::GET, "blobs.get");
        self.inner.get(key).await
    }

    async fn delete_prefix(&self, prefix: &str) -> PortResult<usize> {
        only_if!(OPS, blob_ops::DELETE_PREFIX, "blobs.delete_prefix");
        self.inner.delete_prefix(prefix).await
    }

    async fn presign_put(&self, key: &str, expires_in: Duration) -> PortResult<String> {
        only_if!(OPS, blob_ops::PRESIGN_PUT, "blobs.presign_put");
        self.inner.presign_put(key, expires_in).await
    }

    async fn presign_get(&self, key: &str, file_name: &str, expires_in: Duration) -> PortResult<String> {
        only_if!(OPS, blob_ops::PRESIGN_GET, "blobs.presign_get");
        self.inner.presign_get(key, file_name, expires_in).await
    }
}

#[async_trait]
impl<const OPS: u8, P: UserDirectory + ?Sized> UserDirectory for LimitedDirectory<OPS, P> {
    async fn create_user(&self, user: &NewUser) -> PortResult<Caller> {
        only_if!(OPS, user_ops::CREATE_USER, "directory.create_user");
        self.inner.create_user(user).await
    }

    async fn sign_in(&self, username: &LoginName, password: &str, source: Option<IpAddr>) -> PortResult<Option<IssuedToken>> {
        only_if!(OPS, user_ops::SIGN_IN, "directory.sign_in");
        self.inner.sign_in(username, password, source).await
    }

    async fn delete_user(&self, username: &LoginName) -> PortResult<bool> {
        only_if!(OPS, user_ops::DELETE_USER, "directory.delete_user");
        self.inner.delete_user(username).await
    }

    async fn list_users(&self, role: Option<Role>, limit: usize, next_token: Option<&str>) -> PortResult<UserPage> {
        only_if!(OPS, user_ops::LIST_USERS, "directory.list_users");
        self.inner.list_users(role, limit, next_token).await
    }
}

#[async_trait]
impl<const OPS: u8, P: DocumentStore + ?Sized> DocumentStore for LimitedDocuments<OPS, P> {
    async fn create(&self, document: &PatientDocument) -> PortResult<()> {
        only_if!(OPS, document_ops::CREATE, "documents.create");
        self.inner.create(document).await
    }

    async fn get(&self, document_id: &DocumentId) -> PortResult<Option<PatientDocument>> {
        only_if!(OPS, document_ops::GET, "documents.get");
        self.inner.get(document_id).await
    }

    async fn update(&self, document: &PatientDocument) -> PortResult<()> {
        only_if!(OPS, document_ops::UPDATE, "documents.update");
        self.inner.update(document).await
    }

    async fn for_patient(&self, patient_id: &PatientId, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        only_if!(OPS, document_ops::FOR_PATIENT, "documents.for_patient");
        self.inner.for_patient(patient_id, limit, next_token).await
    }

    async fn needing_review(&self, limit: usize, next_token: Option<&str>) -> PortResult<DocumentPage> {
        only_if!(OPS, document_ops::NEEDING_REVIEW, "documents.needing_review");
        self.inner.needing_review(limit, next_token).await
    }

    async fn delete_for_patient(&self, patient_id: &PatientId) -> PortResult<usize> {
        only_if!(OPS, document_ops::DELETE_FOR_PATIENT, "documents.delete_for_patient");
        self.inner.delete_for_patient(patient_id).await
    }
}

#[async_trait]
impl<const OPS: u8, P: JobStore + ?Sized> JobStore for LimitedJobs<OPS, P> {
    async fn put(&self, job: &Job) -> PortResult<()> {
        only_if!(OPS, job_ops::PUT, "jobs.put");
        self.inner.put(job).await
    }

    async fn create_once(&self, job: &Job, answer: &IdempotencyRecord) -> PortResult<()> {
        only_if!(OPS, job_ops::CREATE_ONCE, "jobs.create_once");
        self.inner.create_once(job, answer).await
    }

    async fn get(&self, job_id: &JobId) -> PortResult<Option<Job>> {
        only_if!(OPS, job_ops::GET, "jobs.get");
        self.inner.get(job_id).await
    }

    async fn delete(&self, job_id: &JobId) -> PortResult<bool> {
        only_if!(OPS, job_ops::DELETE, "jobs.delete");
        self.inner.delete(job_id).await
    }
}

#[async_trait]
impl<const OPS: u8, P: CareTeam + ?Sized> CareTeam for LimitedCareTeam<OPS, P> {
    async fn assign(&self, assignment: &Assignment) -> PortResult<()> {
        only_if!(OPS, care_team_ops::ASSIGN, "care_team.assign");
        self.inner.assign(assignment).await
    }

    async fn revoke(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool> {
        only_if!(OPS, care_team_ops::REVOKE, "care_team.revoke");
        self.inner.revoke(doctor_id, patient_id).await
    }

    async fn is_assigned(&self, doctor_id: &DoctorId, patient_id: &PatientId) -> PortResult<bool> {
        only_if!(OPS, care_team_ops::IS_ASSIGNED, "care_team.is_assigned");
        self.inner.is_assigned(doctor_id, patient_id).await
    }

    async fn doctors_of(&self, patient_id: &PatientId) -> PortResult<Vec<Assignment>> {
        only_if!(OPS, care_team_ops::DOCTORS_OF, "care_team.doctors_of");
        self.inner.doctors_of(patient_id).await
    }

    async fn patients_of(&self, doctor_id: &DoctorId) -> PortResult<Vec<Assignment>> {
        only_if!(OPS, care_team_ops::PATIENTS_OF, "care_team.patients_of");
        self.inner.patients_of(doctor_id).await
    }
}

#[async_trait]
impl<const OPS: u8, P: DoctorStore + ?Sized> DoctorStore for LimitedDoctors<OPS, P> {
    async fn get(&self, doctor_id: &DoctorId) -> PortResult<Option<Doctor>> {
        only_if!(OPS, doctor_ops::GET, "doctors.get");
        self.inner.get(doctor_id).await
    }

    async fn create(&self, doctor: &Doctor) -> PortResult<()> {
        only_if!(OPS, doctor_ops::CREATE, "doctors.create");
        self.inner.create(doctor).await
    }

    async fn replace(&self, doctor: &Doctor, expected_version: u64) -> PortResult<()> {
        only_if!(OPS, doctor_ops::REPLACE, "doctors.replace");
        self.inner.replace(doctor, expected_version).await
    }

    async fn list(&self, status: Option<VerificationStatus>, limit: usize, next_token: Option<&str>) -> PortResult<DoctorPage> {
        only_if!(OPS, doctor_ops::LIST, "doctors.list");
        self.inner.list(status, limit, next_token).await
    }
}
