//! The date normaliser: every common way a diploma or licence prints a date, to YYYY-MM-DD.

use mediclear_domain::health::credentials::{DateOrder, normalise_date};

use DateOrder::{DayFirst, MonthFirst};

fn us(text: &str) -> Option<String> {
    normalise_date(text, MonthFirst)
}

fn iso(date: &str) -> Option<String> {
    Some(date.to_string())
}

#[test]
fn written_months_in_either_order() {
    assert_eq!(us("March 3, 2015"), iso("2015-03-03"));
    assert_eq!(us("Issued: Mar. 3, 2015"), iso("2015-03-03"));
    assert_eq!(us("Sept. 30, 2021"), iso("2021-09-30"));
    assert_eq!(us("3 March 2015"), iso("2015-03-03"));
    assert_eq!(us("3rd March, 2015"), iso("2015-03-03"));
    assert_eq!(us("30 Sep 2025"), iso("2025-09-30"));
    assert_eq!(us("O2 AUG 2O17"), iso("2017-08-02"));
}

#[test]
fn numeric_dates_follow_the_order_unless_a_part_is_over_twelve() {
    assert_eq!(us("03/04/2015"), iso("2015-03-04"));
    assert_eq!(normalise_date("03/04/2015", DayFirst), iso("2015-04-03"));
    assert_eq!(us("13/04/2015"), iso("2015-04-13"));
    assert_eq!(normalise_date("04/13/2015", DayFirst), iso("2015-04-13"));
    assert_eq!(normalise_date("12.08.2015", DayFirst), iso("2015-08-12"));
    assert_eq!(us("9/12/16"), iso("2016-09-12"));
}

#[test]
fn iso_and_month_abbreviation_forms() {
    assert_eq!(normalise_date("2015-03-03", DayFirst), iso("2015-03-03"));
    assert_eq!(us("2015/03/03"), iso("2015-03-03"));
    assert_eq!(us("03-MAR-2015"), iso("2015-03-03"));
    assert_eq!(us("22-Jul-15"), iso("2015-07-22"));
}

#[test]
fn ceremonial_forms_with_ordinals_and_words() {
    assert_eq!(us("this 3rd day of March 2015"), iso("2015-03-03"));
    assert_eq!(us("the 14th day of June, in the year 2015"), iso("2015-06-14"));
    assert_eq!(us("the twelfth day of June, two thousand and eighteen"), iso("2018-06-12"));
    assert_eq!(us("on the twenty-second day of May, 2014."), iso("2014-05-22"));
    assert_eq!(us("the twenty first day of January, two thousand twenty"), iso("2020-01-21"));
    assert_eq!(us("this thirtieth day of April, nineteen ninety-eight"), iso("1998-04-30"));
    assert_eq!(us("the first day of July, nineteen hundred and ninety-nine"), iso("1999-07-01"));
}

#[test]
fn latin_spanish_and_french_diplomas() {
    assert_eq!(us("die XXVI mensis Maii anno Domini MMXIII"), iso("2013-05-26"));
    assert_eq!(us("el día 12 de junio de 2017"), iso("2017-06-12"));
    assert_eq!(us("Montréal, le 2 juin 2017"), iso("2017-06-02"));
}

#[test]
fn ocr_confusions_inside_digits_are_read_as_digits() {
    assert_eq!(us("Issue Date: O8/14/2O19"), iso("2019-08-14"));
    assert_eq!(us("lssue Date: 0l/15/2O18"), iso("2018-01-15"));
    assert_eq!(us("First registered: l5 March 2O16"), iso("2016-03-15"));
    assert_eq!(us("May 2l, 2O12"), iso("2012-05-21"));
}

#[test]
fn what_is_not_a_whole_date_is_none() {
    assert_eq!(us("June 2018"), None);
    assert_eq!(us("held in December 2014"), None);
    assert_eq!(us("Registration No. 2015/08/3456"), None);
    assert_eq!(us("31/02/2015"), None);
    assert_eq!(us("License No. 035.123456"), None);
    assert_eq!(us("Phone 555-123-4567"), None);
    assert_eq!(us("I first saw May in 2015"), None);
    assert_eq!(us(""), None);
}
