//! Files whose drawing instructions are built to exhaust the reader: a few KiB that inflate to
//! millions of operators, operands without end, nesting without end, a form drawn thousands of
//! times, more text than any record has; and files at every limit. Each is built here, written to
//! a temporary file and read by a child process (this test executable, run again for one test)
//! that reports its peak memory. Each must be refused as too complex (or read, if it is
//! harmless), and no process reading one may grow more than 250 MiB past its baseline.

use std::path::Path;

use lopdf::{Dictionary, Stream, dictionary};
use mediclear_documents::{ExtractionError, Limits, read_pdf};

use crate::fixtures::{CHILD_TIMEOUT, ChildReport, child_baseline_kib, report_from_child, run_in_child};
use crate::synthetic::{PdfBuilder, text_operations};

/// Most memory reading one file may take above the process's baseline.
const MEMORY_BOUND_MIB: u64 = 250;
/// The variable naming the file the child reads.
const FILE_VARIABLE: &str = "MEDICLEAR_CONTENT_BOMB";

/// One hostile file and how it must end.
struct Bomb {
    name: &'static str,
    build: fn() -> Vec<u8>,
    expected: Result<(), ExtractionError>,
}

fn catalogue() -> Vec<Bomb> {
    let refused = || Err(ExtractionError::PdfTooComplex);
    let read = || Ok(());
    vec![
        // The three files of the security review.
        Bomb { name: "q-10m-compressed", build: q_compressed, expected: refused() },
        Bomb { name: "operands-31m-compressed", build: operands_compressed, expected: refused() },
        Bomb { name: "q-4mb-uncompressed", build: q_uncompressed, expected: refused() },
        // One stream past one limit.
        Bomb { name: "tj-array-5m-elements", build: huge_tj_array, expected: refused() },
        Bomb { name: "nesting-50k-deep", build: deep_nesting, expected: refused() },
        Bomb { name: "q-1m-unrestored", build: q_without_restore, expected: refused() },
        Bomb { name: "string-16mb", build: long_string, expected: refused() },
        Bomb { name: "q-10m-then-unparseable", build: unparseable_after_a_bomb, expected: refused() },
        // Streams within their limits that add up past the document's.
        Bomb { name: "form-drawn-10k-times", build: form_drawn_many_times, expected: refused() },
        Bomb { name: "page-and-form-too-large", build: page_and_form_together, expected: refused() },
        Bomb { name: "pages-under-stream-budget", build: pages_just_under_the_stream_budget, expected: refused() },
        Bomb { name: "tiny-text-operators", build: tiny_text_operators, expected: refused() },
        Bomb { name: "long-string-form-drawn-often", build: long_string_drawn_often, expected: refused() },
        Bomb { name: "text-under-string-budget", build: text_just_under_the_string_budget, expected: refused() },
        Bomb { name: "pages-sharing-long-names", build: pages_sharing_long_names, expected: refused() },
        Bomb { name: "contents-one-stream-10k-times", build: contents_listing_one_stream_often, expected: refused() },
        // As much as the limits let through: these read (or fail on the reader's own terms).
        Bomb { name: "pages-at-every-budget", build: pages_at_every_budget, expected: read() },
        Bomb { name: "forms-24-deep-large-operations", build: forms_nested_with_large_operations, expected: read() },
        Bomb { name: "icc-profile-and-200-q", build: colour_space_copied_on_every_save, expected: read() },
        Bomb { name: "resources-inherited-1000-pages", build: resources_inherited_by_many_pages, expected: read() },
        Bomb { name: "character-map-64mib", build: character_map_at_the_inflation_budget, expected: read() },
        Bomb {
            name: "font-program-64mib",
            build: font_program_filling_the_file,
            expected: Err(ExtractionError::PdfDamaged),
        },
    ]
}

#[test]
fn every_content_bomb_is_refused_within_the_memory_bound() {
    let dir = std::env::temp_dir().join(format!("mediclear-content-bombs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for bomb in catalogue() {
        let path = dir.join(format!("{}.pdf", bomb.name));
        let bytes = (bomb.build)();
        std::fs::write(&path, &bytes).unwrap();
        let report = read_in_child(&path);
        eprintln!(
            "{:<40} {:>9} bytes  {:>6} MiB above baseline  {:>6} ms  {}",
            bomb.name,
            bytes.len(),
            report.peak_above_baseline_kib / 1024,
            report.elapsed.as_millis(),
            report.outcome
        );
        let expected = match &bomb.expected {
            Ok(()) => "Ok".to_owned(),
            Err(error) => format!("Err({error:?})"),
        };
        if report.outcome != expected {
            failures.push(format!("{}: expected {expected}, got {}", bomb.name, report.outcome));
        }
        if report.peak_above_baseline_kib > MEMORY_BOUND_MIB * 1024 {
            failures.push(format!("{}: peak {} MiB above baseline", bomb.name, report.peak_above_baseline_kib / 1024));
        }
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_dir(&dir).unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Not a test of its own: the child process that reads the file named by [`FILE_VARIABLE`] and
/// prints how it ended and its memory (the variable is unset in a normal test run).
#[test]
fn child_reads_the_named_file() {
    let Some(path) = std::env::var_os(FILE_VARIABLE) else { return };
    let bytes = std::fs::read(path).unwrap();
    let baseline = child_baseline_kib();
    // Only the budgets may refuse a file here, not the clock (an unoptimised build is slow).
    let limits = Limits { time_budget: CHILD_TIMEOUT * 2, ..Limits::DEFAULT };
    let outcome = match read_pdf(&bytes, &limits) {
        Ok(_) => "Ok".to_owned(),
        Err(error) => format!("Err({error:?})"),
    };
    report_from_child(&outcome, baseline);
}

/// Reads `path` in a child process.
fn read_in_child(path: &Path) -> ChildReport {
    run_in_child("content_bombs::child_reads_the_named_file", FILE_VARIABLE, path)
}

// The files.

/// `unit` written `times` times.
fn repeated(unit: &str, times: usize) -> Vec<u8> {
    unit.as_bytes().repeat(times)
}

fn compressed(content: Vec<u8>) -> Stream {
    let mut stream = Stream::new(Dictionary::new(), content);
    stream.compress().unwrap();
    stream
}

/// A one-page PDF drawn by `content`.
fn one_page(content: Stream) -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    pdf.page_with_content(content, pdf.resources());
    pdf.build()
}

/// Ten million `q`: 20 MB of instructions from 20 KB.
fn q_compressed() -> Vec<u8> {
    one_page(compressed(repeated("q ", 10_000_000)))
}

/// 31 million operands and no operator.
fn operands_compressed() -> Vec<u8> {
    one_page(compressed(repeated("1 ", 31_000_000)))
}

/// Two million `q`, stored as they are.
fn q_uncompressed() -> Vec<u8> {
    one_page(Stream::new(Dictionary::new(), repeated("q ", 2_000_000)))
}

/// One `TJ` whose array has five million elements.
fn huge_tj_array() -> Vec<u8> {
    let content = [b"BT /F1 12 Tf [".to_vec(), repeated("(a)1 ", 5_000_000), b"] TJ ET".to_vec()].concat();
    one_page(compressed(content))
}

/// An array and a dictionary each nested 50,000 deep as operands.
fn deep_nesting() -> Vec<u8> {
    let depth = 50_000;
    let arrays = [repeated("[", depth), repeated("]", depth), b" Tj".to_vec()].concat();
    let dicts =
        [b"/Span ".to_vec(), repeated("<</A ", depth), b"1".to_vec(), repeated(">>", depth), b" BDC EMC".to_vec()]
            .concat();
    let mut pdf = PdfBuilder::new();
    pdf.page_with_content(compressed(arrays), pdf.resources());
    pdf.page_with_content(compressed(dicts), pdf.resources());
    pdf.build()
}

/// A million `q` that are never restored, then a line of text.
fn q_without_restore() -> Vec<u8> {
    let content = [repeated("q ", 1_000_000), b"BT /F1 12 Tf 72 720 Td (deep) Tj ET".to_vec()].concat();
    one_page(compressed(content))
}

/// One string of 16 MB.
fn long_string() -> Vec<u8> {
    let content = [b"BT /F1 12 Tf 72 720 Td (".to_vec(), repeated("x", 16_000_000), b") Tj ET".to_vec()].concat();
    one_page(compressed(content))
}

/// A form of 300,000 tokens drawn 10,000 times: three billion tokens for the reader.
fn form_drawn_many_times() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let form = pdf.form_with_content(compressed(repeated("0 0 m 1 1 l ", 50_000)), Dictionary::new());
    let resources = dictionary! { "XObject" => dictionary! { "Fm0" => form } };
    pdf.page_with_content(compressed(repeated("/Fm0 Do ", 10_000)), resources);
    pdf.build()
}

/// Forms nested 24 deep, each with one operation of 400,000 tokens (a dash array, which the
/// reader does not get) before it draws the next: a walk that kept each operation while inside
/// the next form would hold all of them. Just within the document budget: it reads.
fn forms_nested_with_large_operations() -> Vec<u8> {
    let large = [b"[".to_vec(), repeated("1 ", 400_000), b"] 0 d ".to_vec()].concat();
    let mut pdf = PdfBuilder::new();
    let mut inner = pdf.form(text_operations(&["deepest"]), pdf.resources());
    for _ in 0..23 {
        let content = compressed([large.clone(), b"/Inner Do".to_vec()].concat());
        inner = pdf.form_with_content(content, dictionary! { "XObject" => dictionary! { "Inner" => inner } });
    }
    let content = compressed([large, b"/Outer Do".to_vec()].concat());
    pdf.page_with_content(content, dictionary! { "XObject" => dictionary! { "Outer" => inner } });
    pdf.build()
}

/// A page and the form it draws, each a little over half the memory the reader may hold for a
/// page's instructions: it holds both at once.
fn page_and_form_together() -> Vec<u8> {
    // A `q` or `Q` takes about 600 bytes decoded.
    let pairs = Limits::DEFAULT.max_instruction_bytes / 2_000;
    let mut pdf = PdfBuilder::new();
    let form = pdf.form_with_content(compressed(repeated("q Q ", pairs)), Dictionary::new());
    let resources = dictionary! { "XObject" => dictionary! { "Fm0" => form } };
    pdf.page_with_content(compressed([repeated("q Q ", pairs), b"/Fm0 Do".to_vec()].concat()), resources);
    pdf.build()
}

/// Pages each a little under the stream budget (of path operators, which the reader does not
/// get), more of them than the document budget allows.
fn pages_just_under_the_stream_budget() -> Vec<u8> {
    let limits = Limits::DEFAULT;
    let moves = limits.max_stream_tokens / 3 - 1;
    let mut pdf = PdfBuilder::new();
    let content = pdf.doc().add_object(compressed(repeated("0 0 m ", moves)));
    for _ in 0..limits.max_document_tokens / (3 * moves) + 1 {
        pdf.page_with_content_id(content, pdf.resources());
    }
    pdf.build()
}

/// Short strings shown one by one, as many per page as the reader may hold, on enough pages to
/// show more text than the document may have.
fn tiny_text_operators() -> Vec<u8> {
    let limits = Limits::DEFAULT;
    let string = "(abcdefghijklmnopqrstuvwxyz0123456789)Tj ";
    // Each takes about 640 bytes decoded.
    let per_page = limits.max_instruction_bytes / 700;
    let content = [b"BT /F1 1 Tf ".to_vec(), repeated(string, per_page), b"ET".to_vec()].concat();
    let mut pdf = PdfBuilder::new();
    let content_id = pdf.doc().add_object(compressed(content));
    for _ in 0..2 * limits.max_text_bytes / (36 * per_page) + 1 {
        pdf.page_with_content_id(content_id, pdf.resources());
    }
    pdf.build()
}

/// A form showing one string as long as a string may be, drawn until it shows more text than
/// the document may have.
fn long_string_drawn_often() -> Vec<u8> {
    let limits = Limits::DEFAULT;
    let mut pdf = PdfBuilder::new();
    let content = [b"BT /F1 1 Tf (".to_vec(), repeated("x", limits.max_token_bytes), b") Tj ET".to_vec()].concat();
    let form = pdf.form_with_content(compressed(content), pdf.resources());
    let resources = dictionary! { "XObject" => dictionary! { "Fm0" => form } };
    let draws = 2 * limits.max_text_bytes / limits.max_token_bytes + 1;
    pdf.page_with_content(compressed(repeated("/Fm0 Do ", draws)), resources);
    pdf.build()
}

/// The same form, drawn as often as the budget on strings allows: twice the text the document
/// may have, which the reader lays out until it has that much.
fn text_just_under_the_string_budget() -> Vec<u8> {
    let limits = Limits::DEFAULT;
    let mut pdf = PdfBuilder::new();
    let content = [b"BT /F1 1 Tf (".to_vec(), repeated("x", limits.max_token_bytes), b") Tj ET".to_vec()].concat();
    let form = pdf.form_with_content(compressed(content), pdf.resources());
    let resources = dictionary! { "XObject" => dictionary! { "Fm0" => form } };
    let draws = 2 * limits.max_text_bytes / limits.max_token_bytes - 1;
    pdf.page_with_content(compressed(repeated("/Fm0 Do ", draws)), resources);
    pdf.build()
}

/// Ten million `q`, then an inline image that never ends: lopdf gives up on the stream, which
/// must not mean the reader gets it unchecked.
fn unparseable_after_a_bomb() -> Vec<u8> {
    one_page(compressed([repeated("q ", 10_000_000), b"BI /W 1 /H 1 ID".to_vec()].concat()))
}

/// A 64 MB colour profile set as the fill colour space, then 200 nested `q`: a reader that
/// copies the colour space with the graphics state holds it 200 times. The text still reads.
fn colour_space_copied_on_every_save() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let profile = pdf.doc().add_object(compressed(vec![0; 64_000_000]));
    let mut resources = pdf.resources();
    resources.set("ColorSpace", dictionary! { "CS0" => vec!["ICCBased".into(), profile.into()] });
    let content = [
        b"/CS0 cs 0.5 sc ".to_vec(),
        repeated("q ", 200),
        b"BT /F1 12 Tf 72 720 Td (Allergies: none known) Tj ET".to_vec(),
        repeated("Q ", 200),
    ]
    .concat();
    pdf.page_with_content(compressed(content), resources);
    pdf.build()
}

/// As much as the budgets allow: pages with as many instructions as the reader may hold
/// (`q Q`), filled up to the stream budget with path operators, as many pages as the document
/// budget allows, each with a line of text. Harmless, if slow: it reads.
fn pages_at_every_budget() -> Vec<u8> {
    let limits = Limits::DEFAULT;
    let text = b"BT /F1 12 Tf 72 720 Td (Progress note) Tj ET ";
    // A `q` or `Q` takes about 600 bytes decoded; the text a few thousand.
    let pairs = (limits.max_instruction_bytes - 10_000) / 1_200;
    let moves = (limits.max_stream_tokens - 2 * pairs - 20) / 3;
    let content = [text.to_vec(), repeated("q Q ", pairs), repeated("0 0 m ", moves)].concat();
    let mut pdf = PdfBuilder::new();
    let content = pdf.doc().add_object(compressed(content));
    for _ in 0..limits.max_document_tokens / limits.max_stream_tokens {
        pdf.page_with_content_id(content, pdf.resources());
    }
    pdf.build()
}

/// Two thousand pages drawn by one stream that names forms with names of 16 KiB: cheap in
/// tokens, but each page is many megabytes for the reader.
fn pages_sharing_long_names() -> Vec<u8> {
    let name = format!("/{} Do ", "N".repeat(16 * 1024));
    let mut pdf = PdfBuilder::new();
    let content = pdf.doc().add_object(compressed(repeated(&name, 500)));
    for _ in 0..Limits::DEFAULT.max_pages {
        pdf.page_with_content_id(content, pdf.resources());
    }
    pdf.build()
}

/// A page whose contents list one 1 MB stream 10,000 times: 10 GB once joined.
fn contents_listing_one_stream_often() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let stream = pdf.doc().add_object(compressed(repeated("q Q ", 250_000)));
    let page = pdf.text_page(&["Referral"]);
    let contents: Vec<lopdf::Object> = vec![stream.into(); 10_000];
    pdf.doc().get_dictionary_mut(page).unwrap().set("Contents", contents);
    pdf.build()
}

/// Resources of 10,000 fonts written into the page tree's root, which each of 1,000 pages
/// inherits. It reads.
fn resources_inherited_by_many_pages() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let mut fonts = pdf.resources().get(b"Font").unwrap().as_dict().unwrap().clone();
    for index in 0..10_000 {
        fonts.set(format!("Unused{index}"), dictionary! { "Type" => "Font", "Subtype" => "Type1" });
    }
    let content =
        pdf.doc().add_object(Stream::new(Dictionary::new(), b"BT /F1 12 Tf 72 720 Td (Lab results) Tj ET".to_vec()));
    for _ in 0..1_000 {
        pdf.page_with_content_id(content, Dictionary::new());
    }
    let mut doc = pdf.build_document();
    for page in doc.page_iter().collect::<Vec<_>>() {
        doc.get_dictionary_mut(page).unwrap().remove(b"Resources");
    }
    let root = doc.catalog().unwrap().get(b"Pages").unwrap().as_reference().unwrap();
    doc.get_dictionary_mut(root).unwrap().set("Resources", dictionary! { "Font" => fonts });
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A font whose character map inflates to just under the decompression budget (white space
/// after a real map): the one kind of stream the clean copy keeps whole. It reads.
fn character_map_at_the_inflation_budget() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let mut map = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Lab def \
        1 begincodespacerange <00> <FF> endcodespacerange \
        1 beginbfrange <20> <7E> <0020> endbfrange \
        endcmap CMapName currentdict /CMap defineresource pop end end\n"
        .to_vec();
    map.resize(Limits::DEFAULT.max_decompressed_bytes - 64 * 1024, b' ');
    let map = pdf.doc().add_object(compressed(map));
    let font = pdf.doc().add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "ToUnicode" => map,
    });
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let content = Stream::new(Dictionary::new(), b"BT /F1 12 Tf 72 720 Td (Lab results) Tj ET".to_vec());
    pdf.page_with_content(content, resources);
    pdf.build()
}

/// A file as large as may be read, nearly all of it a font program that does not compress (the
/// clean copy keeps font programs whole, and pdf-extract copies them to read them). The reader
/// fails on the page that uses it.
fn font_program_filling_the_file() -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let program: Vec<u8> = (0..Limits::DEFAULT.max_bytes - 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut pdf = PdfBuilder::new();
    let program = pdf.doc().add_object(Stream::new(Dictionary::new(), program));
    let descriptor = pdf.doc().add_object(dictionary! { "Type" => "FontDescriptor", "FontFile" => program });
    let font = pdf.doc().add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Custom",
        "FontDescriptor" => descriptor,
    });
    let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
    let content = Stream::new(Dictionary::new(), b"BT /F1 12 Tf 72 720 Td (Lab results) Tj ET".to_vec());
    pdf.page_with_content(content, resources);
    pdf.build()
}
