//! The offline credential reader ([`TextCredentialReader`]: a PDF's text layer, else tesseract,
//! then the field parser) on degree and licence *documents*, as a doctor uploads them, rather
//! than on their text (`shared/domain/tests/credentials/held_out.rs` measures the parser alone).
//!
//! **Data.** The held-out set (`tools/bench/data/credentials-test.json`), its cases with
//! `"ocr_noise": "none"` only: the noisy ones simulate OCR damage in the text, which rendering and
//! reading back would damage twice. Each case's degree and licence are drawn two ways:
//! - as one-page PDFs with a text layer ([`text_pdf`]; lines over [`PDF_LINE`] characters
//!   wrapped). `text_pdf` writes its `&str` as UTF-8 under a WinAnsi font, so only ASCII reads
//!   back as written: letters outside ASCII are folded to their base letter ([`ascii`]: "Dvořák"
//!   is "Dvorak"), and so are the expected values, because the document then says "Dvorak";
//! - as scans ([`scans::render`], ImageMagick, DejaVu fonts, the text as written): the degree
//!   clean at 300 dpi and saved as JPEG ([`Variant::Jpeg`] at quality 90), the licence turned
//!   1.5° as PNG ([`Variant::Rotated`]). Tesseract reads two pages a case, about 4 s each on
//!   two cores busy with a full test run: the 15 clean cases took 117 s, under the 3 minutes this
//!   test may take, so every clean case is scanned too. Should the set grow past that, scan a
//!   fixed subset (the first cases in file order) and say so here.
//!
//! **Scores**, as the held-out test counts them: a field is right exactly, or after normalising
//! what a reviewer would not count as a difference ([`normalised`], the held-out test's rule:
//! letter case, spacing and punctuation, a leading "The", a degree's abbreviation against its
//! name); dates are compared as the reader gives them, `YYYY-MM-DD`. A field it does not get
//! right is either *unread* (`None`, left to the reviewer) or *wrong* (a value that is not the
//! expected one even normalised) — the reader must not invent, so wrong fields are counted and
//! bounded. Tesseract's English model reads "ś", "ř", "š" as plain letters, and the rule does not
//! fold accents, so a name read without its accents counts as wrong; the table says how many
//! wrong fields differ only so. A row also says whether the PDFs read exactly as the parser reads
//! the same text unrendered (the text layer losing nothing). As in the held-out test only
//! tallies are printed, never which case missed.
//!
//! The floors are set a little below the first run's figures (quoted above the assertions), not
//! tuned: nothing in the reader or the parser was changed for this test.
//!
//! `cargo test -p mediclear-handlers --test events credentials_rendered -- --nocapture` prints
//! the table. Without the OCR tools the scans are skipped, saying so (with `CI=true` the test
//! fails instead); the PDFs are read either way.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use mediclear_documents::InProcessExtractor;
use mediclear_domain::health::credentials::extract;
use mediclear_domain::health::doctor::Credentials;
use mediclear_handlers::engines::TextCredentialReader;
use mediclear_local_adapters::ocr::{OcrLimits, Preprocessing, TesseractOcr};
use mediclear_ports::credentials::CredentialReader;
use mediclear_testkit::conformance::ocr::scans::{self, ReferencePage, TextBlock, Variant};
use mediclear_testkit::pdf::text_pdf;
use serde::Deserialize;

/// Longest line put on a PDF page (Helvetica 11 pt from 72 pt in: about 95 fit the page).
const PDF_LINE: usize = 90;

const FIELDS: [&str; 5] = ["universityName", "doctorName", "degreeName", "licenseNumber", "issueDate"];

#[derive(Deserialize)]
struct HeldOutCase {
    degree_text: String,
    license_text: String,
    ocr_noise: String,
    expected: Credentials,
}

fn clean_cases() -> Vec<HeldOutCase> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/bench/data/credentials-test.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let cases: Vec<HeldOutCase> = serde_json::from_str(&text).expect("the held-out set parses");
    cases.into_iter().filter(|c| c.ocr_noise == "none").collect()
}

fn field(credentials: &Credentials, name: &str) -> Option<String> {
    match name {
        "universityName" => credentials.university_name.clone(),
        "doctorName" => credentials.doctor_name.clone(),
        "degreeName" => credentials.degree_name.clone(),
        "licenseNumber" => credentials.license_number.clone(),
        _ => credentials.issue_date.clone(),
    }
}

/// The held-out test's rule (`shared/domain/tests/credentials/held_out.rs`), copied: lower case,
/// letters and digits only, no leading "the", degree abbreviations spelled out.
fn normalised(value: &str) -> String {
    let words: Vec<String> = value.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let joined = words.iter().skip_while(|w| *w == "the").cloned().collect::<Vec<_>>().join(" ");
    match joined.replace(' ', "").as_str() {
        "md" => "doctor of medicine".into(),
        "do" => "doctor of osteopathic medicine".into(),
        "mbbs" | "mbbch" | "mbchb" => "bachelor of medicine bachelor of surgery".into(),
        _ => joined,
    }
}

/// How the reader did on one format.
#[derive(Default)]
struct Tally {
    /// Per field and `all`: (right, total).
    exact: BTreeMap<&'static str, (usize, usize)>,
    normalised: BTreeMap<&'static str, (usize, usize)>,
    /// Expected a value, read none.
    unread: usize,
    /// Read a value that is not the expected one even normalised (counting `invented`).
    wrong: usize,
    /// Of `wrong`: read a value where the documents give none.
    invented: usize,
    /// Of `wrong`: the expected value once both are folded to ASCII (accents lost by OCR).
    accents_only: usize,
}

impl Tally {
    fn add(&mut self, expected: &Credentials, read: &Credentials) {
        for name in FIELDS {
            let (want, have) = (field(expected, name), field(read, name));
            let loosely = want.as_deref().map(normalised) == have.as_deref().map(normalised);
            for key in [name, "all"] {
                let exact = self.exact.entry(key).or_default();
                exact.0 += usize::from(want == have);
                exact.1 += 1;
                let loose = self.normalised.entry(key).or_default();
                loose.0 += usize::from(loosely);
                loose.1 += 1;
            }
            match (&want, &have) {
                (Some(_), None) => self.unread += 1,
                (_, Some(_)) if !loosely => {
                    self.wrong += 1;
                    self.invented += usize::from(want.is_none());
                    let folded = |value: &Option<String>| value.as_deref().map(|v| normalised(&ascii(v)));
                    self.accents_only += usize::from(want.is_some() && folded(&want) == folded(&have));
                }
                _ => {}
            }
        }
    }

    fn exact(&self, key: &str) -> f64 {
        percent(self.exact[key])
    }

    fn normalised(&self, key: &str) -> f64 {
        percent(self.normalised[key])
    }

    fn fields(&self) -> usize {
        self.exact["all"].1
    }
}

fn percent((right, total): (usize, usize)) -> f64 {
    100.0 * right as f64 / total.max(1) as f64
}

/// `text` with letters outside ASCII folded to their base letter: what a `text_pdf` page can
/// hold. Characters without a folding here fail the test, so a new case cannot pass silently
/// with garbled text.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c,
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ą' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' | 'Ě' | 'Ę' => 'E',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ů' => 'U',
            'ç' | 'č' | 'ć' => 'c',
            'Ç' | 'Č' | 'Ć' => 'C',
            'š' | 'ś' => 's',
            'Š' | 'Ś' => 'S',
            'ř' => 'r',
            'Ř' => 'R',
            'ž' | 'ź' | 'ż' => 'z',
            'Ž' | 'Ź' | 'Ż' => 'Z',
            'ñ' | 'ń' | 'ň' => 'n',
            'Ñ' | 'Ń' | 'Ň' => 'N',
            'ý' => 'y',
            'Ý' => 'Y',
            'ł' => 'l',
            'Ł' => 'L',
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            other => panic!("no ASCII folding for {other:?}: add one"),
        })
        .collect()
}

fn ascii_credentials(credentials: &Credentials) -> Credentials {
    let fold = |value: &Option<String>| value.as_deref().map(ascii);
    Credentials {
        university_name: fold(&credentials.university_name),
        doctor_name: fold(&credentials.doctor_name),
        degree_name: fold(&credentials.degree_name),
        license_number: fold(&credentials.license_number),
        issue_date: fold(&credentials.issue_date),
    }
}

/// A one-page PDF whose text layer is `text`, folded to ASCII, long lines wrapped at word
/// boundaries (short lines keep their spacing: signature columns).
fn pdf_of(text: &str) -> Vec<u8> {
    let mut lines = Vec::new();
    for line in ascii(text).lines() {
        if line.chars().count() <= PDF_LINE {
            lines.push(line.to_string());
            continue;
        }
        let mut current = String::new();
        for word in line.split_whitespace() {
            if !current.is_empty() && current.len() + 1 + word.len() > PDF_LINE {
                lines.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        lines.push(current);
    }
    assert!(lines.len() <= 48, "{} lines do not fit one page", lines.len());
    text_pdf(&lines.iter().map(String::as_str).collect::<Vec<_>>())
}

/// A scan of `text`: its first line as a heading (DejaVu Serif Bold 14 pt), the rest in DejaVu
/// Serif 11 pt (the held-out set's longest line, 86 characters, is about 6.7 in of the page's 7).
fn scan_of(text: &str, variant: Variant) -> Vec<u8> {
    let text = text.trim_start_matches('\n');
    let (heading, body) = text.split_once('\n').unwrap_or((text, ""));
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    let mut blocks = vec![TextBlock { font: "DejaVu-Serif-Bold", points: 14.0, text: leak(heading) }];
    let body = body.trim_start_matches('\n').trim_end();
    if !body.is_empty() {
        blocks.push(TextBlock { font: "DejaVu-Serif", points: 11.0, text: leak(body) });
    }
    let page = ReferencePage { name: "credential document", blocks: Box::leak(blocks.into_boxed_slice()) };
    scans::render(&page, variant)
}

#[tokio::test]
async fn field_accuracy_of_the_credential_reader_on_rendered_pdfs_and_scans() {
    let cases = clean_cases();
    let reader = TextCredentialReader {
        extractor: Arc::new(InProcessExtractor::new()),
        ocr: Arc::new(TesseractOcr::detect(OcrLimits::default(), Preprocessing::default()).await),
    };

    let started = Instant::now();
    let mut pdf = Tally::default();
    let (mut folded, mut unlike_text) = (0, 0);
    for case in &cases {
        let expected = ascii_credentials(&case.expected);
        folded += FIELDS.iter().filter(|name| field(&expected, name) != field(&case.expected, name)).count();
        let read = reader.read(&pdf_of(&case.degree_text), &pdf_of(&case.license_text)).await.expect("the reader answers");
        unlike_text += usize::from(read != extract(&ascii(&case.degree_text), &ascii(&case.license_text)).credentials);
        pdf.add(&expected, &read);
    }
    let pdf_time = started.elapsed();

    let scanned = scans::ocr_tools_or_skip("the credential reader on scanned degrees and licences");
    let started = Instant::now();
    let mut scan = Tally::default();
    if scanned {
        for case in &cases {
            let degree = scan_of(&case.degree_text, Variant::Jpeg(90));
            let license = scan_of(&case.license_text, Variant::Rotated(1.5));
            let read = reader.read(&degree, &license).await.expect("the reader answers");
            scan.add(&case.expected, &read);
        }
    }
    let scan_time = started.elapsed();

    print_table(cases.len(), &pdf, &scan, scanned, pdf_time, scan_time);
    println!("  expected values folded to ASCII for the PDFs: {folded}");
    println!("  PDFs read otherwise than the parser reads their text unrendered: {unlike_text} of {}", cases.len());

    // First run (15 clean cases): PDF 92.0 % exact, 93.3 % normalised, 1 unread, 4 wrong, none
    // invented; scans 89.3 % / 90.7 %, 1 unread, 6 wrong (2 of them accents only), none invented.
    assert!(
        pdf.exact("all") >= 90.0 && pdf.normalised("all") >= 92.0,
        "PDF accuracy fell: {:.1}% / {:.1}%",
        pdf.exact("all"),
        pdf.normalised("all")
    );
    assert!(pdf.wrong <= 4 && pdf.invented == 0, "PDF: {} fields read wrong, {} invented", pdf.wrong, pdf.invented);
    if scanned {
        assert!(
            scan.exact("all") >= 86.0 && scan.normalised("all") >= 88.0,
            "scan accuracy fell: {:.1}% / {:.1}%",
            scan.exact("all"),
            scan.normalised("all")
        );
        assert!(scan.wrong <= 6 && scan.invented == 0, "scans: {} fields read wrong, {} invented", scan.wrong, scan.invented);
    }
}

fn print_table(cases: usize, pdf: &Tally, scan: &Tally, scanned: bool, pdf_time: Duration, scan_time: Duration) {
    println!("\ncredential reader on rendered documents, held-out set: {cases} clean cases as PDFs (text layer) and as scans (tesseract)");
    println!("  {:<16} {:>16} {:>16}", "", "PDF", "scan");
    println!("  {:<16} {:>16} {:>16}", "", "exact / norm.", "exact / norm.");
    let cell = |tally: &Tally, key: &str, shown: bool| {
        if shown { format!("{:5.1}% / {:5.1}%", tally.exact(key), tally.normalised(key)) } else { "skipped".to_string() }
    };
    for key in FIELDS.into_iter().chain(["all"]) {
        println!("  {key:<16} {:>16} {:>16}", cell(pdf, key, true), cell(scan, key, scanned));
    }
    let count = |tally: &Tally, n: usize, shown: bool| if shown { format!("{n} of {}", tally.fields()) } else { "skipped".to_string() };
    println!("  {:<16} {:>16} {:>16}", "unread (None)", count(pdf, pdf.unread, true), count(scan, scan.unread, scanned));
    println!("  {:<16} {:>16} {:>16}", "wrong (filled)", count(pdf, pdf.wrong, true), count(scan, scan.wrong, scanned));
    println!("  {:<16} {:>16} {:>16}", "  invented", count(pdf, pdf.invented, true), count(scan, scan.invented, scanned));
    println!("  {:<16} {:>16} {:>16}", "  accents only", count(pdf, pdf.accents_only, true), count(scan, scan.accents_only, scanned));
    println!("  {:<16} {:>16} {:>16}", "time", format!("{:.1} s", pdf_time.as_secs_f64()), format!("{:.1} s", scan_time.as_secs_f64()));
}
