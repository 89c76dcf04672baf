//! Tesseract's `tsv` output → a page's text and mean word confidence.
//!
//! One row per layout element (`level`: 1 page, 2 block, 3 paragraph, 4 line, 5 word) with its
//! block, paragraph and line numbers, the word's confidence (0–100, −1 for non-words) and text.
//! Words of one line are joined by a space, lines by a newline, and paragraphs and blocks are set
//! apart by a blank line — what tesseract's own `txt` output does, with the confidence alongside.

/// The page's text and the mean confidence of its words (`None` when it has none).
pub(crate) fn page_text(tsv: &str) -> (String, Option<f32>) {
    let mut text = String::new();
    let mut previous: Option<(&str, &str, &str)> = None;
    let (mut confidence_sum, mut words) = (0f64, 0u32);
    for row in tsv.lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        let [level, _page, block, paragraph, line, _word, _left, _top, _width, _height, confidence, word] = columns[..] else {
            continue;
        };
        let word = word.trim();
        if level != "5" || word.is_empty() {
            continue;
        }
        let place = (block, paragraph, line);
        match previous {
            None => {}
            Some((b, p, _)) if (b, p) != (block, paragraph) => text.push_str("\n\n"),
            Some(previous) if previous != place => text.push('\n'),
            Some(_) => text.push(' '),
        }
        text.push_str(word);
        previous = Some(place);
        if let Ok(c) = confidence.parse::<f64>()
            && c >= 0.0
        {
            confidence_sum += c;
            words += 1;
        }
    }
    let confidence = (words > 0).then(|| (confidence_sum / f64::from(words)) as f32);
    (text, confidence)
}

#[cfg(test)]
mod tests {
    use super::page_text;

    const HEADER: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    fn word(block: u32, paragraph: u32, line: u32, confidence: f32, text: &str) -> String {
        format!("5\t1\t{block}\t{paragraph}\t{line}\t1\t0\t0\t10\t10\t{confidence}\t{text}\n")
    }

    #[test]
    fn words_lines_and_blocks_are_laid_out_like_tesseracts_text() {
        let tsv = [
            HEADER.to_string(),
            "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n".into(),
            "2\t1\t1\t0\t0\t0\t0\t0\t100\t10\t-1\t\n".into(),
            word(1, 1, 1, 96.0, "Glucose,"),
            word(1, 1, 1, 94.0, "fasting"),
            word(1, 1, 2, 90.0, "HbA1c"),
            word(1, 1, 2, 10.0, " "),
            word(2, 1, 1, 80.0, "Comment:"),
        ]
        .concat();
        let (text, confidence) = page_text(&tsv);
        assert_eq!(text, "Glucose, fasting\nHbA1c\n\nComment:");
        assert_eq!(confidence, Some(90.0));
    }

    #[test]
    fn a_blank_page_has_no_text_and_no_confidence() {
        assert_eq!(page_text(&format!("{HEADER}1\t1\t0\t0\t0\t0\t0\t0\t300\t300\t-1\t\n")), (String::new(), None));
        assert_eq!(page_text(""), (String::new(), None));
    }
}
