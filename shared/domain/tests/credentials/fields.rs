//! Single rules of `extract`, each on a short pair of documents.

use mediclear_domain::health::credentials::{Credentials, extract};

const DEGREE: &str = "UNIVERSITY OF TORONTO\nThis is to certify that\nJANE Q. PUBLIC\nhas been admitted to the degree of\nDoctor of Medicine\nGiven at Toronto, 2012-06-08";

fn read(degree: &str, licence: &str) -> Credentials {
    extract(degree, licence).credentials
}

#[test]
fn nothing_to_read_is_all_unread() {
    let extracted = extract("", "");
    assert_eq!(extracted.credentials, Credentials::default());
    assert_eq!(extracted.unread, ["universityName", "doctorName", "degreeName", "licenseNumber", "issueDate"]);
}

#[test]
fn the_degree_answers_university_name_and_degree() {
    let c = read(DEGREE, "");
    assert_eq!(c.university_name.as_deref(), Some("University of Toronto"));
    assert_eq!(c.doctor_name.as_deref(), Some("Jane Q. Public"));
    assert_eq!(c.degree_name.as_deref(), Some("Doctor of Medicine"));
    assert_eq!(c.license_number, None);
    assert_eq!(c.issue_date.as_deref(), Some("2012-06-08"), "no licence: the conferral date");
}

#[test]
fn the_licence_issue_date_wins_and_expiry_renewal_and_birth_never_do() {
    let licence = "Date of Birth: 04/11/1987\nLicense Number: 123456\nLast Renewal: 12/01/2022\nOriginal Issue Date: 03/02/2017\nExpiration Date: 01/31/2025";
    assert_eq!(read(DEGREE, licence).issue_date.as_deref(), Some("2017-03-02"));
    let only_expiry = "License Number: 123456\nExpiration Date: 01/31/2025\nValid until 01/31/2025";
    assert_eq!(read(DEGREE, only_expiry).issue_date.as_deref(), Some("2012-06-08"), "falls back to the degree");
    assert_eq!(read("", only_expiry).issue_date, None);
}

#[test]
fn labels_on_one_line_belong_to_the_nearest_date() {
    let licence = "License No. 9876 Issue Date: 01/02/2015 Expiration Date: 01/31/2017";
    assert_eq!(read("", licence).issue_date.as_deref(), Some("2015-01-02"));
    let licence = "Expiration Date: 01/31/2017 Issue Date: 01/02/2015";
    assert_eq!(read("", licence).issue_date.as_deref(), Some("2015-01-02"));
}

#[test]
fn a_full_registration_beats_a_provisional_one() {
    let licence = "General Medical Council\nGMC Reference Number: 7512346\nDate of provisional registration: 03/08/2016\nDate of full registration: 07/08/2017";
    let c = read("", licence);
    assert_eq!(c.license_number.as_deref(), Some("7512346"));
    assert_eq!(c.issue_date.as_deref(), Some("2017-08-07"), "a GMC register reads day first");
}

#[test]
fn an_unlabelled_licence_date_is_not_taken() {
    let letter = "March 1, 2024\nTo whom it may concern: Dr. Jane Q. Public holds license 12345.";
    assert_eq!(read("", letter).issue_date, None);
}

#[test]
fn licence_numbers_are_read_as_printed_and_only_from_labels() {
    assert_eq!(read("", "License Number: A 145678").license_number.as_deref(), Some("A 145678"));
    assert_eq!(read("", "CPSO#: 112233").license_number.as_deref(), Some("112233"));
    assert_eq!(read("", "Regn. No. : DMC/R/12345").license_number.as_deref(), Some("DMC/R/12345"));
    assert_eq!(read("", "License Number\n036.156789").license_number.as_deref(), Some("036.156789"));
    assert_eq!(read("", "Registration number: MEDOOO1876543").license_number.as_deref(), Some("MED0001876543"));
    assert_eq!(read("", "License Type: Physician\nRegistration status: Active").license_number, None);
    assert_eq!(read("", "DEA Registration No.: AB1234567").license_number, None);
    assert_eq!(read("", "License No: [torn]\nExpiration Date: 08/31/2024").license_number, None);
    assert_eq!(read("", "Date of Registration: 04-03-2013").license_number, None, "a date is not a number");
}

#[test]
fn a_licensing_authority_is_not_a_university() {
    let licence = "The University of the State of New York\nEducation Department\nLicense No. 271934";
    assert_eq!(read("", licence).university_name, None);
    let licence = "Medical School: Universidad Nacional Autonoma de Mexico\nLicense: S4321";
    assert_eq!(read("", licence).university_name.as_deref(), Some("Universidad Nacional Autonoma de Mexico"));
}

#[test]
fn the_licence_gives_the_name_when_the_degree_does_not() {
    let c = read("", "Name: SMITH-JONES, MARY ANNE\nFather's Name: JOHN SMITH\nLicense Number: 12345");
    assert_eq!(c.doctor_name.as_deref(), Some("Mary Anne Smith-Jones"));
    let c = read("", "Licensee: Robert L. Jenkins Jr., M.D.");
    assert_eq!(c.doctor_name.as_deref(), Some("Robert L. Jenkins Jr."));
    let c = read("", "Name of Institution: Mercy Hospital\nName of the Medical Practitioner: Dr. Anil Kumar Verma");
    assert_eq!(c.doctor_name.as_deref(), Some("Anil Kumar Verma"));
}

#[test]
fn a_name_in_capitals_takes_the_licence_casing() {
    let degree = "This is to certify that\nCHLOE ANNE MCKENZIE\nhas been admitted to the degree of Doctor of Medicine";
    let c = read(degree, "Registrant: Chloe Anne McKenzie");
    assert_eq!(c.doctor_name.as_deref(), Some("Chloe Anne McKenzie"));
    let c = read(degree, "");
    assert_eq!(c.doctor_name.as_deref(), Some("Chloe Anne McKenzie"), "title case handles Mc");
}

#[test]
fn degree_abbreviations_expand() {
    let degree = |title: &str| read(&format!("the degree of\n{title}\nwith all rights"), "").degree_name;
    assert_eq!(degree("M.D.").as_deref(), Some("Doctor of Medicine"));
    assert_eq!(degree("D.O.").as_deref(), Some("Doctor of Osteopathic Medicine"));
    assert_eq!(degree("MBBS").as_deref(), Some("Bachelor of Medicine, Bachelor of Surgery"));
    assert_eq!(degree("MB ChB").as_deref(), Some("Bachelor of Medicine, Bachelor of Surgery"));
    assert_eq!(degree("M B B S").as_deref(), Some("Bachelor of Medicine, Bachelor of Surgery"));
    assert_eq!(degree("DOCTOR OF OSTEOPATHIC MEDICINE").as_deref(), Some("Doctor of Osteopathic Medicine"));
    let signed = read("Harvard University\nJohn Smith, M.D., Dean of the Faculty", "").degree_name;
    assert_eq!(signed, None, "a signatory's post-nominal is not the degree");
}

#[test]
fn large_inputs_stay_linear() {
    let page = format!("{DEGREE}\nU N I V E R S I T Y  l1l1 0O0O 12/12/2012 the twelfth day of\n");
    let degree = page.repeat(200_000 / page.len() + 1);
    let licence = "License Number: 12345 Issue Date: 01/02/2015\n".repeat(5_000);
    let started = std::time::Instant::now();
    let c = read(&degree, &licence);
    assert_eq!(c.license_number.as_deref(), Some("12345"));
    assert!(started.elapsed().as_secs() < 10, "200 KB took {:?}", started.elapsed());
}

/// One 200 KB line of everything the rules look at, and 200 KB of blank lines before dates: the
/// shapes that would make a per-match scan of the line (or of the lines above) quadratic.
#[test]
fn hostile_shapes_stay_linear() {
    let one_line = "Name: MD University of X, M.D. Licence No. x Qualification: MBBS Issue Date 12/12/2012 D O C T O R ".repeat(2_000);
    let blank_then_dates = format!("{}{}", "\n".repeat(200_000), "Issue Date\n01/02/2015 ".repeat(2_000));
    let letter_spaced = "a ".repeat(100_000);
    let started = std::time::Instant::now();
    read(&one_line, &blank_then_dates);
    read(&letter_spaced, &one_line);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
}
