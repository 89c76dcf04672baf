//! OCR repair: confusions are repaired inside words; numbers, dates and names are left alone.

use mediclear_domain::health::credentials::repair_ocr;

#[test]
fn confusions_inside_credential_words() {
    assert_eq!(repair_ocr("UNIVERSlTY 0F TORONTO"), "UNIVERSITY OF TORONTO");
    assert_eq!(repair_ocr("D0CTOR OF MEDlClNE"), "DOCTOR OF MEDICINE");
    assert_eq!(repair_ocr("Th1s is t0 cert1fy that"), "This is to certify that");
    assert_eq!(repair_ocr("lssue Date"), "issue Date");
    assert_eq!(repair_ocr("L1cense N0. and Reg1stration"), "License NO. and Registration");
    assert_eq!(repair_ocr("Un1versity of Pennsy1vania"), "University of Pennsylvania");
}

#[test]
fn confusions_inside_other_words_follow_the_word_s_case() {
    assert_eq!(repair_ocr("JAMES PATRlCK D0NOVAN"), "JAMES PATRICK DONOVAN");
    assert_eq!(repair_ocr("Mei-Ling W0ng"), "Mei-Ling Wong");
    assert_eq!(repair_ocr("FAIRCL0UGH-ADEYEMI"), "FAIRCLOUGH-ADEYEMI");
    assert_eq!(repair_ocr("Ke11y 0hio MUMBA1"), "Kelly Ohio MUMBAI");
}

#[test]
fn numbers_dates_and_ordinals_are_left_alone() {
    assert_eq!(repair_ocr("MD45678l O72345 MEDOOO1876543"), "MD45678l O72345 MEDOOO1876543");
    assert_eq!(repair_ocr("O8/14/2O19 and 2O15-O7-15"), "O8/14/2O19 and 2O15-O7-15");
    assert_eq!(repair_ocr("the 1st and 11th and 21st day"), "the 1st and 11th and 21st day");
}

#[test]
fn real_names_are_not_read_as_vocabulary() {
    assert_eq!(repair_ocr("Ali Khan"), "Ali Khan");
    assert_eq!(repair_ocr("Angus McIntyre"), "Angus McIntyre");
    assert_eq!(repair_ocr("Ahmed Al-Rashid III"), "Ahmed Al-Rashid III");
    assert_eq!(repair_ocr("Illinois"), "Illinois");
    assert_eq!(repair_ocr("MBChB PhD McKENZIE"), "MBChB PhD McKENZIE");
}

#[test]
fn letter_spaced_headings_close_up() {
    assert_eq!(repair_ocr("U N I V E R S I T Y   O F   P I T T S B U R G H"), "UNIVERSITY OF PITTSBURGH");
    assert_eq!(repair_ocr("K I N G ' S   C O L L E G E   L O N D O N"), "KING'S COLLEGE LONDON");
    assert_eq!(repair_ocr("degree of M B B S"), "degree of MBBS");
    // No wide gaps to say where words end: split at vocabulary words.
    assert_eq!(repair_ocr("T H E O H I O S T A T E U N I V E R S I T Y"), "THE OHIO STATE UNIVERSITY");
    assert_eq!(repair_ocr("U N I V E R S I T Y O F T O R O N T O"), "UNIVERSITY OF TORONTO");
}

#[test]
fn split_words_join_and_stray_marks_go() {
    assert_eq!(repair_ocr("has con-\nferred upon"), "has conferred\nupon");
    assert_eq!(repair_ocr("the Board has conf erred upon"), "the Board has conferred upon");
    assert_eq!(repair_ocr("Th is is w ith"), "This is with");
    assert_eq!(repair_ocr("ANNE SMITH-\nJONES"), "ANNE SMITH-JONES\n");
    assert_eq!(repair_ocr("| The University ~ .."), "The University");
    assert_eq!(repair_ocr("\u{201C}St. George\u{2019}s\u{201D} \u{2014} 2015"), "\"St. George's\" 2015");
}
