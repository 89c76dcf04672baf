//! The doctor routes of health insights: sign-up with credential documents, the doctor's record,
//! the admins' verification queue and decision, and the care team (assigning a doctor to a
//! patient, by an admin or by the patient granting access, and revoking it).

pub mod assign;
pub mod get;
pub mod list;
pub mod onboard;
pub mod revoke;
pub mod verify;

use mediclear_domain::ids::DoctorId;

/// The credential documents' accepted types (as their bytes are recognised) and the extension
/// each is stored under: sign-up names the stored file by it, reading tells the type back from it.
pub(crate) const CREDENTIAL_TYPES: [(&str, &str); 3] = [("application/pdf", "pdf"), ("image/png", "png"), ("image/jpeg", "jpg")];
use mediclear_http::ApiError;

/// A doctor id from the path (`INVALID_DOCTOR_ID` when malformed).
pub fn path_doctor(raw: &str) -> Result<DoctorId, ApiError> {
    Ok(DoctorId::parse(raw)?)
}
