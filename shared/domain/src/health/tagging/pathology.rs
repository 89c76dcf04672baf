//! Benign breast disease, graded as the questionnaire's options and the Mayo Benign Breast
//! Disease cohort (Hartmann et al., NEJM 2005) grade it: atypical hyperplasia (ADH, ALH) and
//! lobular carcinoma in situ / lobular neoplasia High; proliferative disease without atypia
//! (usual ductal hyperplasia, sclerosing adenosis, radial scar, papilloma, complex fibroadenoma)
//! Medium; non-proliferative findings (cysts, fibroadenoma, fibrocystic change) Low.
//!
//! A breast biopsy called benign without a named lesion is non-proliferative (Low).
//!
//! Abbreviations that mean something else outside the breast (ADH is also antidiuretic hormone,
//! a cyst may be ovarian) count only in a document about the breast. A finding counts when the
//! patient has it now or had it (affirmed or historical); "no atypia" and "negative for atypia"
//! do not count.

use std::sync::OnceLock;

use super::clause::Clause;
use super::lexicon::Lexicon;
use super::{DocumentFacts, Finding, FindingKind, RiskLevel, marker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lesion {
    level: RiskLevel,
    name: &'static str,
    /// Counts only in a document about the breast.
    needs_breast: bool,
}

const fn high(name: &'static str) -> Lesion {
    Lesion { level: RiskLevel::High, name, needs_breast: false }
}
const fn medium(name: &'static str) -> Lesion {
    Lesion { level: RiskLevel::Medium, name, needs_breast: false }
}
const fn low(name: &'static str) -> Lesion {
    Lesion { level: RiskLevel::Low, name, needs_breast: false }
}
const fn in_breast(lesion: Lesion) -> Lesion {
    Lesion { needs_breast: true, ..lesion }
}

pub(crate) const LESIONS: &[(&str, Lesion)] = &[
    ("atypical ductal hyperplasia", high("Atypical ductal hyperplasia (ADH)")),
    ("adh", in_breast(high("Atypical ductal hyperplasia (ADH)"))),
    ("atypical lobular hyperplasia", high("Atypical lobular hyperplasia (ALH)")),
    ("alh", in_breast(high("Atypical lobular hyperplasia (ALH)"))),
    ("atypical hyperplasia", high("Atypical hyperplasia")),
    ("atypical ductal|lobular|epithelial proliferation", high("Atypical hyperplasia")),
    ("ductal|lobular hyperplasia with atypia", high("Atypical hyperplasia")),
    ("hyperplasia with atypia", high("Atypical hyperplasia")),
    ("lobular carcinoma in situ", high("Lobular carcinoma in situ (LCIS)")),
    ("lcis", high("Lobular carcinoma in situ (LCIS)")),
    ("lobular neoplasia", high("Lobular neoplasia (LCIS/ALH)")),
    ("usual ductal hyperplasia", medium("Proliferative disease without atypia (usual ductal hyperplasia)")),
    ("udh", in_breast(medium("Proliferative disease without atypia (usual ductal hyperplasia)"))),
    ("ductal hyperplasia", in_breast(medium("Proliferative disease without atypia (ductal hyperplasia)"))),
    ("florid hyperplasia", medium("Proliferative disease without atypia (florid hyperplasia)")),
    ("sclerosing adenosis", medium("Proliferative disease without atypia (sclerosing adenosis)")),
    ("radial scar|scars", medium("Proliferative disease without atypia (radial scar)")),
    ("complex sclerosing lesion|lesions", medium("Proliferative disease without atypia (complex sclerosing lesion)")),
    ("intraductal papilloma|papillomas", medium("Proliferative disease without atypia (intraductal papilloma)")),
    ("papilloma|papillomas|papillomatosis", in_breast(medium("Proliferative disease without atypia (papilloma)"))),
    ("complex fibroadenoma", medium("Proliferative disease without atypia (complex fibroadenoma)")),
    ("flat epithelial atypia", medium("Flat epithelial atypia")),
    ("columnar cell hyperplasia", medium("Proliferative disease without atypia (columnar cell hyperplasia)")),
    ("proliferative breast disease", medium("Proliferative breast disease without atypia")),
    ("proliferative fibrocystic change|changes|disease", medium("Proliferative breast disease without atypia")),
    ("proliferative disease|changes|change without atypia", medium("Proliferative breast disease without atypia")),
    ("fibroadenoma|fibroadenomas", low("Benign breast disease (fibroadenoma)")),
    ("fibrocystic change|changes|disease|breast|breasts|tissue", low("Benign breast disease (fibrocystic changes)")),
    ("fibrocystic", in_breast(low("Benign breast disease (fibrocystic changes)"))),
    ("simple cyst|cysts", in_breast(low("Benign breast disease (simple cyst)"))),
    ("complicated cyst|cysts", in_breast(low("Benign breast disease (complicated cyst)"))),
    ("breast cyst|cysts", low("Benign breast disease (cyst)")),
    ("cyst|cysts|microcysts", in_breast(low("Benign breast disease (cyst)"))),
    ("apocrine metaplasia", low("Benign breast disease (apocrine metaplasia)")),
    ("duct ectasia", in_breast(low("Benign breast disease (duct ectasia)"))),
    ("fat necrosis", in_breast(low("Benign breast disease (fat necrosis)"))),
    ("stromal fibrosis", in_breast(low("Benign breast disease (stromal fibrosis)"))),
    ("pseudoangiomatous stromal hyperplasia", low("Benign breast disease (PASH)")),
    ("pash", in_breast(low("Benign breast disease (PASH)"))),
    (
        "columnar cell change|changes|alteration|alterations",
        in_breast(low("Benign breast disease (columnar cell change)")),
    ),
    ("non proliferative", in_breast(low("Benign breast disease, non-proliferative"))),
    ("nonproliferative", in_breast(low("Benign breast disease, non-proliferative"))),
    ("benign breast tissue|parenchyma|disease|biopsy|biopsies", low("Benign breast biopsy")),
    ("benign biopsy|biopsies", in_breast(low("Benign breast biopsy"))),
];

fn lexicon() -> &'static Lexicon<Lesion> {
    static LEXICON: OnceLock<Lexicon<Lesion>> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::new(LESIONS))
}

/// Organs other than the breast whose cysts and papillomas are not breast disease.
const OTHER_SITES: &[&str] = &[
    "ovarian", "ovary", "ovaries", "adnexal", "renal", "kidney", "liver", "hepatic", "thyroid", "pancreatic",
    "sebaceous", "epidermal", "epidermoid", "pilonidal", "baker", "bakers", "ganglion", "skin", "scalp", "neck",
    "arachnoid", "dermoid", "bartholin", "nabothian", "pineal", "synovial", "laryngeal", "bladder", "cutaneous",
];

/// "Breast biopsy (benign)", "biopsy in 2018 was benign": a benign biopsy named after it.
fn benign_biopsy(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    for k in 0..clause.len() {
        if !matches!(clause.word(k), "biopsy" | "biopsies" | "excision" | "lumpectomy") || !document.about_breast {
            continue;
        }
        let (_, b) = clause.clause_of(k);
        let Some(benign) = (k + 1..=(k + 6).min(b)).find(|&j| clause.word(j) == "benign") else { continue };
        // "Benign breast tissue" and the like are read by the lexicon.
        if matches!(clause.word(benign + 1), "breast" | "biopsy" | "biopsies") {
            continue;
        }
        if clause.judge(k, benign).is_patients() && clause.engine_context(benign, benign) != super::Context::Negated {
            out.push(Finding {
                marker: marker::BENIGN_BREAST_DISEASE,
                level: RiskLevel::Low,
                indicator: "Benign breast biopsy".to_string(),
                first: k,
                last: benign,
                kind: FindingKind::Statement,
            });
        }
    }
}

pub(crate) fn find(clause: &Clause<'_>, document: &DocumentFacts, out: &mut Vec<Finding>) {
    benign_biopsy(clause, document, out);
    for m in lexicon().matches(&clause.words) {
        let lesion = m.value;
        if lesion.needs_breast && !document.about_breast {
            continue;
        }
        let (a, b) = clause.segment_of(m.first);
        if clause.any_in(a.max(m.first.saturating_sub(4)), b.min(m.last + 3), OTHER_SITES) {
            continue;
        }
        // "Ductal hyperplasia without atypia" is the Medium lesion; "atypia" negated leaves it.
        let judgement = clause.judge(m.first, m.last);
        if !judgement.is_patients() {
            continue;
        }
        out.push(Finding {
            marker: marker::BENIGN_BREAST_DISEASE,
            level: lesion.level,
            indicator: lesion.name.to_string(),
            first: m.first,
            last: m.last,
            kind: FindingKind::Statement,
        });
    }
}
