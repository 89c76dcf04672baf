//! Hostile files: each comes back quickly as a clean `Rejected` (or, for the poster-sized page
//! box, as an empty page read at a lowered resolution within the page's time).
//! The figures printed: time per file, and the largest resident set of any child process this
//! test binary waited for (`getrusage(RUSAGE_CHILDREN)`; run this test alone for its own figure).

use std::time::{Duration, Instant};

use mediclear_ports::PortError;
use mediclear_ports::ocr::{OcrEngine, Scan};
use mediclear_testkit::conformance::ocr::scans::{self, LAB_REPORT, Variant, ocr_tools_or_skip};

/// "Quickly": far above what these take (milliseconds), far below a page's 60 s.
const QUICKLY: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_files_are_rejected_quickly() {
    if !ocr_tools_or_skip("hostile_files_are_rejected_quickly") {
        return;
    }
    let engine = super::engine().await;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("PNG claiming 50 000 × 50 000 px (decompression bomb)", scans::png_claiming(50_000, 50_000), "megapixels"),
        ("PDF with 5000 pages", scans::pdf_with_pages(5000), "5000 pages"),
        ("PDF declaring 5000 pages, holding 1", scans::pdf_declaring_pages(5000), "PDF"),
        ("PNG signature, then garbage", [&b"\x89PNG\r\n\x1a\n"[..], &[0x5A; 64]].concat(), "damaged"),
        ("PDF header, then nothing", b"%PDF-1.7\n".to_vec(), "PDF"),
    ];
    eprintln!();
    for (name, bytes, says) in cases {
        let started = Instant::now();
        let outcome = engine.recognise(&Scan::parse(bytes).unwrap()).await;
        let took = started.elapsed();
        eprintln!("{name:<55} {:>8.1} ms  {outcome:?}", took.as_secs_f64() * 1000.0);
        match outcome {
            Err(PortError::Rejected(reason)) => assert!(reason.contains(says), "{name}: the reason says {says:?}: {reason}"),
            other => panic!("{name}: Rejected, not {other:?}"),
        }
        assert!(took < QUICKLY, "{name} took {took:?}");
    }

    let not_an_image = Scan::parse(scans::not_an_image());
    eprintln!("{:<55} {:>8} ms  {not_an_image:?}", "a Word document (not an image)", "0.0");
    assert!(matches!(not_an_image, Err(PortError::Rejected(_))), "{not_an_image:?}");

    // Before any page is drawn or read: the children so far are the tool probes and pdfinfo.
    eprintln!("largest child process so far (resident): {:.1} MiB", children_max_rss_kib() as f64 / 1024.0);

    let jpeg = scans::truncated(&scans::render(&LAB_REPORT, Variant::Jpeg(75)), 0.6);
    let started = Instant::now();
    let outcome = engine.recognise(&Scan::parse(jpeg).unwrap()).await;
    eprintln!("{:<55} {:>8.1} ms  {outcome:?}", "JPEG cut off at 60 %", started.elapsed().as_secs_f64() * 1000.0);
    assert!(matches!(&outcome, Err(PortError::Rejected(reason)) if reason.contains("incomplete")), "{outcome:?}");
    assert!(started.elapsed() < QUICKLY);

    // A 200 in × 200 in page box would be 60 000 × 60 000 px at 300 dpi: rasterised at 31 dpi
    // instead, 38 Mpx, which take seconds to read — bounded by the page's time, not "quickly".
    let started = Instant::now();
    let poster = engine.recognise(&Scan::parse(scans::pdf_with_page_box(200)).unwrap()).await.expect("an empty poster is no error");
    eprintln!(
        "{:<55} {:>8.1} ms  {} page(s), text {:?}",
        "PDF with a 200 in × 200 in page box",
        started.elapsed().as_secs_f64() * 1000.0,
        poster.pages.len(),
        poster.pages[0].text
    );
    assert!(started.elapsed() < Duration::from_secs(60), "within the page's time");
    assert_eq!(poster.pages.len(), 1);

    eprintln!("largest child process with the poster (resident): {:.1} MiB", children_max_rss_kib() as f64 / 1024.0);
}

fn children_max_rss_kib() -> i64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss
}
