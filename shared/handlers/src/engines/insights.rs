//! The insights step: a patient's breast-cancer risk assessment and health & wellness score,
//! recomputed from the stored record — the questionnaire answers, every indexed document with
//! what tier 2 tagged in it, and the text of those documents (consultation notes are read for
//! lifestyle and follow-ups) — by the domain's rules (`mediclear_domain::health::{risk, score}`).
//! It runs after each indexed document, after each refresh, and after the answers change.
//!
//! Each is versioned per patient: a new version is stored only when what was computed differs
//! from the latest (a score's `trend` aside, which compares with that latest), so the versions are
//! the changes, and every one is kept. Two recomputations that race both compute from the stored
//! record; the loser of the version write reads the new latest and compares again.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use serde_json::Value;

use mediclear_domain::health::document::{DocumentStatus, PatientDocument};
use mediclear_domain::health::evidence::PatientRecord;
use mediclear_domain::health::patient::Patient;
use mediclear_domain::health::{risk, score};
use mediclear_domain::ids::PatientId;
use mediclear_ports::PortError;
use mediclear_ports::blobs::BlobStore;
use mediclear_ports::documents::DocumentStore;
use mediclear_ports::error::PortResult;
use mediclear_ports::insights::{InsightKind, InsightStore, InsightVersion};
use mediclear_ports::patients::PatientStore;
use mediclear_ports::refreshes::{Insights, InsightsOutcome};

/// At most this many documents' texts are read (the newest) — as many as the score reads
/// (`score::MAX_DOCUMENT_TEXTS`): a record's lifestyle, follow-ups and active conditions are in its
/// recent notes, and the work (one object read each) stays bounded for a patient with thousands
/// of files. Tags, which every document carries in its record, are read for all of them.
pub const MAX_TEXTS: usize = score::MAX_DOCUMENT_TEXTS;
/// Of each text, at most this many bytes.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;

/// Reads a patient's record as the insights and the doctor chat's summary see it.
#[derive(Clone)]
pub struct PatientRecords {
    pub patients: Arc<dyn PatientStore>,
    pub documents: Arc<dyn DocumentStore>,
    /// Reads the documents' extracted text (`derived/…/text.txt`).
    pub blobs: Arc<dyn BlobStore>,
}

/// A patient, their documents, and the texts of the newest indexed ones.
#[derive(Debug, Clone)]
pub struct LoadedRecord {
    pub patient: Patient,
    pub documents: Vec<PatientDocument>,
    /// (document id, text).
    pub texts: Vec<(String, String)>,
}

impl LoadedRecord {
    pub fn record(&self) -> PatientRecord<'_> {
        PatientRecord::new(&self.patient, &self.documents, |d| self.texts.iter().find(|(id, _)| id == d.document_id.as_str()).map(|(_, t)| t.as_str()))
    }
}

impl PatientRecords {
    async fn documents(&self, patient_id: &PatientId) -> PortResult<Vec<PatientDocument>> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let page = self.documents.for_patient(patient_id, 100, token.as_deref()).await?;
            all.extend(page.documents);
            match page.next_token {
                Some(next) => token = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// The texts of the newest [`MAX_TEXTS`] indexed documents, each cut to [`MAX_TEXT_BYTES`].
    async fn texts(&self, documents: &[PatientDocument]) -> PortResult<Vec<(String, String)>> {
        let mut indexed: Vec<&PatientDocument> = documents.iter().filter(|d| d.status == DocumentStatus::Indexed).collect();
        indexed.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        let mut texts = Vec::new();
        for document in indexed.into_iter().take(MAX_TEXTS) {
            if let Some(blob) = self.blobs.get(&document.text_key()).await? {
                let bytes = &blob.bytes[..blob.bytes.len().min(MAX_TEXT_BYTES)];
                // A cut inside a character loses that character only.
                let text = match std::str::from_utf8(bytes) {
                    Ok(t) => t.to_string(),
                    Err(e) if e.error_len().is_none() => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
                    Err(_) => String::from_utf8_lossy(bytes).into_owned(),
                };
                texts.push((document.document_id.to_string(), text));
            }
        }
        Ok(texts)
    }

    /// The patient's record; `None` when the patient is gone.
    pub async fn load(&self, patient_id: &PatientId) -> PortResult<Option<LoadedRecord>> {
        let Some(patient) = self.patients.get(patient_id).await? else { return Ok(None) };
        let documents = self.documents(patient_id).await?;
        let texts = self.texts(&documents).await?;
        Ok(Some(LoadedRecord { patient, documents, texts }))
    }
}

/// Recomputes and stores a patient's insights.
#[derive(Clone)]
pub struct ComputedInsights {
    pub records: PatientRecords,
    pub store: Arc<dyn InsightStore>,
}

/// What one recomputation produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Recomputed {
    pub score_version: u64,
    pub risk_version: u64,
    /// Which of the two got a new version.
    pub score_changed: bool,
    pub risk_changed: bool,
}

impl ComputedInsights {
    /// Recomputes both insights of the patient; `None` when the patient is gone.
    pub async fn recompute_for(&self, patient_id: &PatientId, trigger: &str) -> PortResult<Option<Recomputed>> {
        let Some(loaded) = self.records.load(patient_id).await? else { return Ok(None) };
        let record = loaded.record();
        let today = Utc::now().date_naive();
        let (score_version, score_changed) = self.store_score(&record, today, trigger).await?;
        let (risk_version, risk_changed) = self.store_risk(&record, today, trigger).await?;
        tracing::info!(score_version, risk_version, score_changed, risk_changed, "insights recomputed");
        Ok(Some(Recomputed { score_version, risk_version, score_changed, risk_changed }))
    }

    async fn store_score(&self, record: &PatientRecord<'_>, today: NaiveDate, trigger: &str) -> PortResult<(u64, bool)> {
        let patient = record.patient;
        for _ in 0..3 {
            let latest = self.store.latest(&patient.patient_id, InsightKind::HealthScore).await?;
            let previous = latest.as_ref().and_then(|v| v.body.get("overall_score")).and_then(Value::as_u64).map(|n| n.min(100) as u8);
            let body = serde_json::to_value(score::score(record, previous, today)).map_err(|e| PortError::Internal(format!("health score: {e}")))?;
            match self.store_if_changed(&patient.patient_id, InsightKind::HealthScore, latest, body, trigger, &["trend"]).await {
                Err(PortError::Conflict(_)) => continue,
                other => return other,
            }
        }
        Err(PortError::Unavailable("the health score kept changing while it was recomputed".into()))
    }

    async fn store_risk(&self, record: &PatientRecord<'_>, today: NaiveDate, trigger: &str) -> PortResult<(u64, bool)> {
        let patient = record.patient;
        let body = serde_json::to_value(risk::assess(record, today)).map_err(|e| PortError::Internal(format!("risk assessment: {e}")))?;
        for _ in 0..3 {
            let latest = self.store.latest(&patient.patient_id, InsightKind::RiskAssessment).await?;
            match self.store_if_changed(&patient.patient_id, InsightKind::RiskAssessment, latest, body.clone(), trigger, &[]).await {
                Err(PortError::Conflict(_)) => continue,
                other => return other,
            }
        }
        Err(PortError::Unavailable("the risk assessment kept changing while it was recomputed".into()))
    }

    /// Stores `body` as the next version unless it equals the latest (fields in `ignored` aside).
    async fn store_if_changed(&self, patient_id: &PatientId, kind: InsightKind, latest: Option<InsightVersion>, body: Value, trigger: &str, ignored: &[&str]) -> PortResult<(u64, bool)> {
        let without = |v: &Value| {
            let mut v = v.clone();
            if let Some(object) = v.as_object_mut() {
                for field in ignored {
                    object.remove(*field);
                }
            }
            v
        };
        if let Some(latest) = &latest
            && without(&latest.body) == without(&body)
        {
            return Ok((latest.version, false));
        }
        let version = latest.map_or(1, |l| l.version + 1);
        let stored = InsightVersion { patient_id: patient_id.clone(), kind, version, computed_at: Utc::now(), trigger: trigger.to_string(), body };
        self.store.put(&stored).await?;
        Ok((version, true))
    }
}

#[async_trait]
impl Insights for ComputedInsights {
    async fn recompute(&self, patient_id: &PatientId, trigger: &str) -> PortResult<InsightsOutcome> {
        Ok(InsightsOutcome(match self.recompute_for(patient_id, trigger).await? {
            None => "not computed: the patient is gone".into(),
            Some(r) => format!(
                "health score v{}{}, risk assessment v{}{}",
                r.score_version,
                if r.score_changed { " (new)" } else { " (unchanged)" },
                r.risk_version,
                if r.risk_changed { " (new)" } else { " (unchanged)" }
            ),
        }))
    }
}
