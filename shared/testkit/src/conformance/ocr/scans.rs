//! Generated scans with known text, and hostile files, for the OCR tests.
//!
//! The two reference pages — a lab report (letterhead, a results table in a monospaced font, a
//! comment in a serif font) and a clinical letter — are written for these tests: the patient,
//! doctors and laboratory are invented. [`render`] draws a page with ImageMagick (Debian
//! `imagemagick`, DejaVu fonts; `scripts/tools.sh ocr`) as a scanner would deliver it — US Letter
//! at the chosen resolution, 8-bit grey — and applies a [`Variant`]: skew, blur, noise (with a
//! fixed seed), low resolution, JPEG compression. [`image_only_pdf`] wraps JPEG pages in a PDF
//! with no text layer, as a scanner's "scan to PDF" does.
//!
//! The hostile files are built byte by byte: a PNG whose header claims 50 000 × 50 000 pixels
//! (a decompression bomb in under 200 bytes), PDFs declaring thousands of pages, a file that is no
//! image at all; [`truncated`] cuts any file short.

use std::path::PathBuf;
use std::process::Command;

use crate::in_ci;

/// A block of text drawn in one font.
#[derive(Debug, Clone, Copy)]
pub struct TextBlock {
    /// A fontconfig name ImageMagick knows (`DejaVu-Sans-Mono`).
    pub font: &'static str,
    pub points: f32,
    pub text: &'static str,
}

/// A page of known text.
#[derive(Debug, Clone, Copy)]
pub struct ReferencePage {
    pub name: &'static str,
    pub blocks: &'static [TextBlock],
}

impl ReferencePage {
    /// The page's text, blocks in order.
    pub fn text(&self) -> String {
        self.blocks.iter().map(|b| b.text).collect::<Vec<_>>().join("\n")
    }

    /// Its lines (what a perfect engine returns line by line).
    pub fn lines(&self) -> Vec<&'static str> {
        self.blocks.iter().flat_map(|b| b.text.lines()).filter(|l| !l.trim().is_empty()).collect()
    }

    pub fn words(&self) -> usize {
        self.text().split_whitespace().count()
    }
}

const LAB_TABLE: &str = "\
Patient: Alex Sample (synthetic)   MRN: TEST-000417   DOB: 1978-03-14
Requested by: Dr. R. Okafor        Collected: 2024-02-06 08:15
Specimen: venous blood, fasting    Reported:  2024-02-06 16:42

Test                    Result   Units      Reference range  Flag
Glucose, fasting        5.8      mmol/L     3.9 - 5.5        H
HbA1c                   41       mmol/mol   20 - 41
Total cholesterol       5.6      mmol/L     < 5.0            H
LDL cholesterol         3.7      mmol/L     < 3.0            H
HDL cholesterol         1.2      mmol/L     > 1.0
Triglycerides           1.6      mmol/L     < 1.7
Creatinine              78       umol/L     45 - 90
eGFR                    86       mL/min     > 60
ALT                     24       U/L        7 - 35
TSH                     2.1      mU/L       0.4 - 4.0
Haemoglobin             131      g/L        120 - 150
White cell count        6.4      10^9/L     4.0 - 11.0
Platelets               248      10^9/L     150 - 400
Vitamin D (25-OH)       38       nmol/L     50 - 125         L";

const LAB_COMMENT: &str = "\
Comment: Fasting glucose is mildly raised and HbA1c is at the upper limit of
normal. LDL cholesterol is above the target for primary prevention. Vitamin D
is insufficient; consider supplementation. Renal, liver and thyroid function
are within normal limits. Suggest a repeat fasting glucose and lipid profile
in three months, with dietary advice and increased physical activity.
Authorised by: S. Lindqvist, Consultant Clinical Biochemist";

/// A clinical chemistry and haematology report: letterhead, a results table, a comment.
pub const LAB_REPORT: ReferencePage = ReferencePage {
    name: "lab report",
    blocks: &[
        TextBlock { font: "DejaVu-Sans-Bold", points: 14.0, text: "RIVERSIDE COMMUNITY LABORATORY" },
        TextBlock { font: "DejaVu-Sans", points: 11.0, text: "Clinical Chemistry and Haematology Report" },
        TextBlock { font: "DejaVu-Sans-Mono", points: 9.0, text: LAB_TABLE },
        TextBlock { font: "DejaVu-Serif", points: 10.5, text: LAB_COMMENT },
    ],
};

const LETTER_BODY: &str = "\
Dear Dr. Okafor,

Thank you for referring Ms. Sample, a 46-year-old woman, to the breast
clinic. She noticed a painless lump in the upper outer quadrant of her
left breast six weeks ago. There is no nipple discharge and no skin change.
Her mother was diagnosed with breast cancer at the age of 52; there is no
known BRCA mutation in the family. She has never had chest radiation.
Her last screening mammogram, in March 2022, was reported as normal.

On examination there is a mobile, smooth, 1.5 cm lump at the two o'clock
position, 4 cm from the nipple. There is no axillary lymphadenopathy.
Ultrasound today shows a well-defined oval hypoechoic lesion measuring
14 x 9 mm, in keeping with a fibroadenoma (U3 because of her family
history). A core biopsy was taken under local anaesthetic without
complications.

I will review her with the histology result in two weeks. If the biopsy
confirms a fibroadenoma, no further treatment is needed and she can
return to routine screening. Given her family history, I have also
referred her to the family history clinic for a formal risk assessment.

Yours sincerely,

Dr. Helen Marsh
Consultant Breast Surgeon";

/// A clinic letter to the referring doctor.
pub const CLINICAL_LETTER: ReferencePage = ReferencePage {
    name: "clinical letter",
    blocks: &[
        TextBlock { font: "DejaVu-Sans-Bold", points: 13.0, text: "Northgate Breast Clinic" },
        TextBlock { font: "DejaVu-Sans", points: 10.0, text: "Outpatient letter - 2024-02-20 - Ref: TEST-000417" },
        TextBlock { font: "DejaVu-Serif", points: 11.0, text: LETTER_BODY },
    ],
};

/// How a scan departs from a clean 300-dpi page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variant {
    Clean,
    /// Turned by this many degrees (clockwise), the corners filled white.
    Rotated(f32),
    /// Gaussian blur, σ 1.5 px: a scanner slightly out of focus.
    Blurred,
    /// Gaussian noise and sparse speckle (fixed seed).
    Noisy,
    /// Drawn at this resolution instead of 300 dpi.
    LowResolution(u32),
    /// JPEG at this quality.
    Jpeg(u8),
}

impl Variant {
    pub fn label(&self) -> String {
        match self {
            Variant::Clean => "clean 300 dpi".into(),
            Variant::Rotated(degrees) => format!("rotated {degrees}°"),
            Variant::Blurred => "blurred (σ 1.5 px)".into(),
            Variant::Noisy => "noise + speckle".into(),
            Variant::LowResolution(dpi) => format!("{dpi} dpi"),
            Variant::Jpeg(quality) => format!("JPEG q{quality}"),
        }
    }
}

/// ImageMagick's `convert`: `/usr/bin/convert` (the `convert` first on `PATH` may be a stand-in),
/// or `magick` / `convert` on `PATH` when it answers as ImageMagick.
pub fn imagemagick() -> Option<PathBuf> {
    let on_path =
        |name: &str| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join(name)).find(|p| p.is_file());
    [Some(PathBuf::from("/usr/bin/convert")), on_path("magick"), on_path("convert")].into_iter().flatten().find(|p| {
        p.is_file() && Command::new(p).arg("-version").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("ImageMagick"))
    })
}

/// Whether the OCR tools (tesseract with English, poppler, ImageMagick) are installed. Outside CI
/// a test without them skips, saying so; with `CI=true` it fails, because `scripts/test` installs
/// them (`scripts/tools.sh ocr`).
pub fn ocr_tools_or_skip(test: &str) -> bool {
    let tesseract =
        Command::new("tesseract").arg("--list-langs").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("\neng"));
    let poppler = Command::new("pdftoppm").arg("-v").output().is_ok();
    let installed = tesseract && poppler && imagemagick().is_some();
    if !installed {
        let how = "tesseract-ocr, tesseract-ocr-eng, poppler-utils and imagemagick are needed (scripts/tools.sh ocr)";
        assert!(!in_ci(), "CI=true but {how}");
        eprintln!("skipping {test}: {how}");
    }
    installed
}

/// A page drawn at `dpi` with `variant` applied: PNG bytes, or JPEG for [`Variant::Jpeg`].
pub fn render(page: &ReferencePage, variant: Variant) -> Vec<u8> {
    let dpi = match variant {
        Variant::LowResolution(dpi) => dpi,
        _ => 300,
    };
    let margin = dpi * 3 / 4;
    let mut args: Vec<String> =
        ["-respect-parentheses", "-density", &dpi.to_string(), "-background", "white", "-fill", "black"].map(String::from).to_vec();
    for (i, block) in page.blocks.iter().enumerate() {
        if i > 0 {
            args.extend(["(", "-size", &format!("1x{}", dpi / 6), "xc:white", ")"].map(String::from));
        }
        assert!(!block.text.contains('\\') && !block.text.starts_with('@'), "label: would interpret this text");
        let label = format!("label:{}", block.text.replace('%', "%%"));
        args.extend(["(", "-font", block.font, "-pointsize", &block.points.to_string(), &label, ")"].map(String::from));
    }
    let (width, height) = (dpi * 17 / 2, dpi * 11);
    args.extend(
        ["-gravity", "northwest", "-append", "-bordercolor", "white", "-border", &format!("{margin}x{margin}")]
            .into_iter()
            .chain(["-extent", &format!("{width}x{height}"), "+repage", "-colorspace", "Gray"])
            .map(String::from),
    );
    let output = match variant {
        Variant::Clean | Variant::LowResolution(_) => "png:-".to_string(),
        Variant::Rotated(degrees) => {
            args.extend(["-rotate", &degrees.to_string(), "+repage"].map(String::from));
            "png:-".into()
        }
        Variant::Blurred => {
            args.extend(["-blur", "0x1.5"].map(String::from));
            "png:-".into()
        }
        Variant::Noisy => {
            args.extend(
                ["-seed", "7", "-attenuate", "0.6", "+noise", "Gaussian", "-attenuate", "0.05", "+noise", "Impulse"].map(String::from),
            );
            "png:-".into()
        }
        Variant::Jpeg(quality) => {
            args.extend(["-type", "Grayscale", "-quality", &quality.to_string()].map(String::from));
            "jpeg:-".into()
        }
    };
    args.extend(["-depth", "8", "-units", "PixelsPerInch", "-density", &dpi.to_string(), &output].map(String::from));
    convert(&args)
}

/// A blank white page at 300 dpi, as PNG.
pub fn blank_page() -> Vec<u8> {
    convert(&["-size", "2550x3300", "xc:white", "-colorspace", "Gray", "-depth", "8", "png:-"].map(String::from))
}

fn convert(args: &[String]) -> Vec<u8> {
    let program = imagemagick().expect("ImageMagick is installed (scripts/tools.sh ocr)");
    let out = Command::new(program).args(args).output().expect("run ImageMagick");
    assert!(out.status.success() && !out.stdout.is_empty(), "ImageMagick failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A PDF without a text layer whose pages are these grey JPEGs (US Letter, scanned at `dpi`),
/// each drawn over its whole page.
pub fn image_only_pdf(jpeg_pages: &[Vec<u8>], dpi: u32) -> Vec<u8> {
    let (width, height) = (dpi * 17 / 2, dpi * 11);
    let kids: Vec<String> = (0..jpeg_pages.len()).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), jpeg_pages.len()).into_bytes(),
    ];
    for (i, jpeg) in jpeg_pages.iter().enumerate() {
        // Objects 3 + 3i (the page, as the Kids list says), 4 + 3i, 5 + 3i.
        let (contents, image) = (4 + 3 * i, 5 + 3 * i);
        objects.push(
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Scan {image} 0 R >> >> /Contents {contents} 0 R >>")
                .into_bytes(),
        );
        let draw = b"q 612 0 0 792 0 0 cm /Scan Do Q";
        objects.push(stream(&format!("<< /Length {} >>", draw.len()), draw));
        let header = format!(
            "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>",
            jpeg.len()
        );
        objects.push(stream(&header, jpeg));
    }
    pdf(&objects)
}

/// A PDF whose page tree holds `pages` real (empty) pages: small, and truthful about its count.
pub fn pdf_with_pages(pages: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 3 + i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
    ];
    objects.extend((0..pages).map(|_| b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec()));
    pdf(&objects)
}

/// A PDF whose page tree declares `declared` pages but holds one.
pub fn pdf_declaring_pages(declared: usize) -> Vec<u8> {
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [3 0 R] /Count {declared} >>").into_bytes(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>".to_vec(),
    ])
}

/// A one-page PDF whose page box is `inches` a side and empty: rasterised at 300 dpi it would
/// be (300 × inches)² pixels.
pub fn pdf_with_page_box(inches: u32) -> Vec<u8> {
    let points = inches * 72;
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {points} {points}] >>").into_bytes(),
    ])
}

fn stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
    let mut out = dictionary.as_bytes().to_vec();
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// Numbered objects with a correct cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

/// A valid 8-bit grey PNG of `width` × `height` whose image data holds only its first row (a
/// stored deflate block; a decoder reaches the missing rows only after allocating them all). At
/// 50 000 × 50 000 it claims 2.5 G pixels in under 200 bytes.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let row = vec![0u8; 1 + (width.min(16) as usize)]; // filter byte + a few white-to-be pixels
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(row.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(row.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&row);
    zlib.extend_from_slice(&adler32(&row).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &zlib), (b"IEND", &[])] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(&crc_input);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    }
    out
}

/// A small, valid PNG (a placeholder where the engine is a stub that never decodes it).
pub fn placeholder_png() -> Vec<u8> {
    png_claiming(1, 1)
}

/// The first `fraction` of a file, as an interrupted upload leaves it.
pub fn truncated(bytes: &[u8], fraction: f64) -> Vec<u8> {
    bytes[..(bytes.len() as f64 * fraction) as usize].to_vec()
}

/// A file that is no image: the start of a Word document (a ZIP).
pub fn not_an_image() -> Vec<u8> {
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml".to_vec()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in bytes {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_the_png_and_zlib_specifications() {
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn reference_pages_are_a_few_hundred_words() {
        assert!(LAB_REPORT.words() > 150 && CLINICAL_LETTER.words() > 150, "{} {}", LAB_REPORT.words(), CLINICAL_LETTER.words());
        assert_eq!(LAB_REPORT.lines()[0], "RIVERSIDE COMMUNITY LABORATORY");
        assert!(LAB_REPORT.lines().iter().all(|l| !l.trim().is_empty()));
    }

    #[test]
    fn generated_pdfs_have_a_correct_cross_reference_table() {
        let pdf = pdf_with_pages(3);
        // Offsets are in bytes; the header's binary comment is no UTF-8.
        let text = |from: usize| String::from_utf8(pdf[from..].to_vec()).unwrap();
        let tail_start = pdf.len() - 40;
        let xref: usize = text(tail_start).rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text(xref).starts_with("xref\n0 6\n"));
        let second: usize = text(xref).lines().nth(4).unwrap()[..10].parse().unwrap();
        assert!(text(second).starts_with("2 0 obj\n<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>"));
    }
}
