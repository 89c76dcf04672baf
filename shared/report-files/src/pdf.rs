//! The PDF writer: A4 pages, Helvetica, a title block, the summary, one line chart per numeric
//! series (axes, grid, values, dates — vector paths, sharp at any zoom), then the rows as a table
//! with its header repeated on each page, and a footer on every page.

use std::fmt::Write as _;

use chrono::NaiveDate;
use mediclear_domain::reports::rows::ResultSet;
use mediclear_domain::reports::summary::Series;

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
const BOTTOM: f32 = 60.0;
/// Charts drawn at most; the CSV carries every series.
const MAX_CHARS: usize = 4;
/// Table columns shown at most; the CSV carries all of them.
const MAX_COLUMNS: usize = 8;

/// What the report is, for its title block.
#[derive(Debug, Clone)]
pub struct ReportMeta {
    pub title: String,
    pub request: String,
    pub connection: String,
    pub generated_at: String,
    pub explanation: String,
    /// Who wrote the summary (a model, its figures checked; or computed from the rows).
    pub summary_by: String,
}

/// Helvetica's advance widths (1/1000 em) for ' '..='~', from the standard AFM.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611,
    778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text.chars().map(|c| if (' '..='~').contains(&c) { u32::from(HELVETICA[c as usize - 32]) } else { 556 }).sum();
    units as f32 * size / 1000.0 * if bold { 1.06 } else { 1.0 }
}

/// A character in WinAnsi (PDF's standard Latin encoding), or `?`.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '…' => 0x85,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        _ => b'?',
    }
}

fn literal(text: &str) -> String {
    let mut out = String::from("(");
    for c in text.chars() {
        match win_ansi(c) {
            b'(' => out.push_str("\\("),
            b')' => out.push_str("\\)"),
            b'\\' => out.push_str("\\\\"),
            b @ 32..=126 => out.push(b as char),
            b => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

/// `text` cut to `width` with an ellipsis.
fn fit(text: &str, width: f32, size: f32) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if text_width(&flat, size, false) <= width {
        return flat;
    }
    let mut out = String::new();
    for c in flat.chars() {
        if text_width(&out, size, false) + text_width(&format!("{c}…"), size, false) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Words of `text` in lines no wider than `width`.
fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if text_width(&candidate, size, false) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = fit(word, width, size);
        } else {
            line = fit(&candidate, width, size);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Writer {
    pages: Vec<String>,
    y: f32,
}

impl Writer {
    fn new() -> Writer {
        Writer { pages: vec![String::new()], y: HEIGHT - MARGIN }
    }

    fn ops(&mut self) -> &mut String {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(String::new());
        self.y = HEIGHT - MARGIN;
    }

    /// Room for `height` more points on this page, or a new one.
    fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let font = if bold { "F2" } else { "F1" };
        let _ = writeln!(self.ops(), "BT /{font} {size} Tf {x:.1} {y:.1} Td {} Tj ET", literal(text));
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, gray: f32) {
        let _ = writeln!(self.ops(), "{gray:.2} G {width:.2} w {x1:.1} {y1:.1} m {x2:.1} {y2:.1} l S");
    }

    fn paragraph(&mut self, text: &str, size: f32, bold: bool) {
        for line in wrap(text, WIDTH - 2.0 * MARGIN, size) {
            self.room(size * 1.4);
            self.y -= size * 1.4;
            let y = self.y;
            self.text(MARGIN, y, size, bold, &line);
        }
    }

    fn chart(&mut self, series: &Series) {
        const H: f32 = 150.0;
        self.room(H + 40.0);
        self.y -= 16.0;
        let title = match &series.unit {
            Some(unit) => format!("{} ({unit})", series.name),
            None => series.name.clone(),
        };
        let y = self.y;
        self.text(MARGIN, y, 10.0, true, &fit(&title, WIDTH - 2.0 * MARGIN, 10.0));
        let (left, right, top) = (MARGIN + 40.0, WIDTH - MARGIN, self.y - 8.0);
        let bottom = top - H;
        let days = |d: NaiveDate| d.num_days_from_ce() as f32;
        let (first, last) = (series.points[0].0, series.points[series.points.len() - 1].0);
        let span = (days(last) - days(first)).max(1.0);
        let (mut low, mut high) = series.points.iter().fold((f64::MAX, f64::MIN), |(l, h), (_, v)| (l.min(*v), h.max(*v)));
        let pad = ((high - low) * 0.1).max(high.abs() * 0.05).max(0.5);
        low -= pad;
        high += pad;
        let x_of = |d: NaiveDate| left + (days(d) - days(first)) / span * (right - left);
        let y_of = |v: f64| bottom + ((v - low) / (high - low)) as f32 * H;
        for i in 0..=4 {
            let v = low + (high - low) * f64::from(i) / 4.0;
            let y = y_of(v);
            self.line(left, y, right, y, 0.3, 0.85);
            self.text(MARGIN, y - 2.5, 7.0, false, &format!("{v:.1}"));
        }
        self.line(left, bottom, left, top, 0.6, 0.0);
        self.line(left, bottom, right, bottom, 0.6, 0.0);
        let mut path = String::new();
        for (i, (d, v)) in series.points.iter().enumerate() {
            let _ = write!(path, "{:.1} {:.1} {} ", x_of(*d), y_of(*v), if i == 0 { "m" } else { "l" });
        }
        let _ = writeln!(self.ops(), "0.10 0.35 0.65 RG 1.2 w {path}S");
        for (d, v) in &series.points {
            let _ = writeln!(self.ops(), "0.10 0.35 0.65 rg {:.1} {:.1} 3 3 re f", x_of(*d) - 1.5, y_of(*v) - 1.5);
        }
        // Back to black for the text that follows.
        let _ = writeln!(self.ops(), "0 g 0 G");
        self.text(left, bottom - 11.0, 7.0, false, &first.to_string());
        let label = last.to_string();
        self.text(right - text_width(&label, 7.0, false), bottom - 11.0, 7.0, false, &label);
        self.y = bottom - 18.0;
    }

    fn table(&mut self, result: &ResultSet) {
        // Columns with something in them, at most MAX_COLUMNS.
        let shown: Vec<usize> = (0..result.columns.len()).filter(|i| result.rows.iter().any(|r| r.get(*i).is_some_and(|c| !c.is_null()))).take(MAX_COLUMNS).collect();
        if shown.is_empty() {
            self.paragraph("No rows.", 9.0, false);
            return;
        }
        const SIZE: f32 = 7.0;
        let natural: Vec<f32> = shown
            .iter()
            .map(|i| {
                let header = text_width(&result.columns[*i], SIZE, true);
                let cells = result.rows.iter().take(60).map(|r| text_width(&r[*i].display(), SIZE, false)).fold(0.0, f32::max);
                (header.max(cells) + 6.0).clamp(36.0, 170.0)
            })
            .collect();
        let total: f32 = natural.iter().sum();
        let scale = ((WIDTH - 2.0 * MARGIN) / total).min(1.0);
        let widths: Vec<f32> = natural.iter().map(|w| w * scale).collect();
        let header = |w: &mut Writer| {
            w.room(30.0);
            w.y -= 12.0;
            let mut x = MARGIN;
            let y = w.y;
            for (i, width) in shown.iter().zip(&widths) {
                w.text(x, y, SIZE, true, &fit(&result.columns[*i], width - 4.0, SIZE));
                x += width;
            }
            w.line(MARGIN, y - 3.0, WIDTH - MARGIN, y - 3.0, 0.5, 0.0);
        };
        header(self);
        for row in &result.rows {
            if self.y - 11.0 < BOTTOM {
                self.new_page();
                header(self);
            }
            self.y -= 11.0;
            let (mut x, y) = (MARGIN, self.y);
            for (i, width) in shown.iter().zip(&widths) {
                self.text(x, y, SIZE, false, &fit(&row[*i].display(), width - 4.0, SIZE));
                x += width;
            }
        }
        if result.columns.len() > shown.len() {
            self.paragraph(&format!("{} more column(s) without values or beyond the page width are in the CSV format of this report.", result.columns.len() - shown.len()), 8.0, false);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        let count = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let footer = format!("MediClear PHI report - confidential - page {} of {count}", i + 1);
            let _ = writeln!(page, "0 g BT /F1 7 Tf {MARGIN} 30 Td {} Tj ET", literal(&footer));
        }
        let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        let mut object = |out: &mut Vec<u8>, body: &[u8]| {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        };
        let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
        object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
        object(&mut out, format!("<< /Type /Pages /Kids [{}] /Count {count} >>", kids.join(" ")).as_bytes());
        object(&mut out, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        object(&mut out, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        for (i, page) in self.pages.iter().enumerate() {
            object(&mut out, format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>", 6 + 2 * i).as_bytes());
            let compressed = miniz_oxide::deflate::compress_to_vec_zlib(page.as_bytes(), 6);
            let mut stream = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", compressed.len()).into_bytes();
            stream.extend_from_slice(&compressed);
            stream.extend_from_slice(b"\nendstream");
            object(&mut out, &stream);
        }
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
        for offset in &offsets {
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1);
        out.extend_from_slice(table.as_bytes());
        out
    }
}

use chrono::Datelike;

/// The report as a PDF: title block, summary sentences, charts, table.
pub fn pdf_file(meta: &ReportMeta, summary: &[String], series: &[Series], result: &ResultSet) -> Vec<u8> {
    let mut w = Writer::new();
    w.y -= 6.0;
    let y = w.y;
    w.text(MARGIN, y, 16.0, true, &fit(&meta.title, WIDTH - 2.0 * MARGIN, 16.0));
    w.y -= 8.0;
    w.paragraph(&format!("Request: {}", meta.request), 9.0, false);
    w.paragraph(&format!("Source: {}", meta.connection), 9.0, false);
    w.paragraph(&format!("Query: {}", meta.explanation), 9.0, false);
    w.paragraph(&format!("Generated: {}", meta.generated_at), 9.0, false);
    w.y -= 6.0;
    let y = w.y;
    w.line(MARGIN, y, WIDTH - MARGIN, y, 0.5, 0.6);
    w.y -= 4.0;
    w.paragraph("Summary", 11.0, true);
    w.paragraph(&meta.summary_by, 8.0, false);
    for sentence in summary {
        w.paragraph(sentence, 9.0, false);
    }
    for s in series.iter().take(MAX_CHARS) {
        w.chart(s);
    }
    w.y -= 6.0;
    w.paragraph("Rows", 11.0, true);
    w.table(result);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mediclear_domain::reports::rows::Cell;

    fn result(rows: usize) -> ResultSet {
        ResultSet {
            columns: vec!["measurement_date".into(), "measurement_concept_name".into(), "value_as_number".into(), "unit".into()],
            rows: (0..rows)
                .map(|i| vec![Cell::Date(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(i as i64 * 30)), Cell::Text("Hémoglobine A1c (naïve) \\ (x)".into()), Cell::Number(6.0 + (i % 5) as f64 * 0.3), Cell::Text("%".into())])
                .collect(),
            truncated: false,
        }
    }

    #[test]
    fn a_pdf_with_a_chart_and_a_multi_page_table_is_well_formed() {
        let series = Series { name: "HbA1c".into(), unit: Some("%".into()), points: (0..8).map(|i| (NaiveDate::from_ymd_opt(2024, 1 + i, 1).unwrap(), 6.0 + f64::from(i) * 0.2)).collect() };
        let meta = ReportMeta { title: "Labs of patient 1234".into(), request: "HbA1c for patient 1234 since 2024".into(), connection: "Main EHR (PostgreSQL)".into(), generated_at: "2025-06-30T10:00:00Z".into(), explanation: "x".into(), summary_by: "Computed from the rows.".into() };
        let pdf = pdf_file(&meta, &["8 rows.".into()], &[series], &result(200));
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let pages = text.matches("/Type /Page ").count();
        assert!(pages >= 3, "200 rows span pages: {pages}");
        // The cross-reference table points at each object (byte offsets: read the bytes).
        let tail = String::from_utf8_lossy(&pdf[pdf.len() - 40..]).to_string();
        let xref_at: usize = tail.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(pdf[xref_at..].starts_with(b"xref"));
        let xref = String::from_utf8_lossy(&pdf[xref_at..]).to_string();
        for (n, line) in xref.lines().skip(3).take_while(|l| l.ends_with(" n ")).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj", n + 1).as_bytes()), "object {}", n + 1);
        }
    }

    #[test]
    fn text_is_escaped_and_latin1_survives() {
        assert_eq!(literal("a(b)\\c"), "(a\\(b\\)\\\\c)");
        assert_eq!(literal("é"), "(\\351)");
        assert_eq!(literal("漢"), "(?)");
        assert!(fit("a very long text indeed", 30.0, 7.0).ends_with('…'));
    }
}
