//! The offline OCR engine ([`OcrEngine`]): the tesseract CLI, run as a child process so no C
//! library is linked into any MediClear binary. PDFs are rasterised page by page with poppler's
//! `pdftoppm` (page count and sizes from `pdfinfo`); skewed pages are straightened with
//! ImageMagick first. Installed by `scripts/tools.sh ocr` (Debian `tesseract-ocr`,
//! `tesseract-ocr-eng`, `poppler-utils`, `imagemagick`); without tesseract every call is
//! `Unavailable("OCR is not available: install tesseract-ocr")`, and the pipeline sends the
//! document to manual review.
//!
//! **Bounded work**, because every file is untrusted:
//! - before anything decodes an image, its header is read (`image_header`): more pixels than
//!   [`OcrLimits::max_pixels`] (a decompression bomb) or a cut-off file is `Rejected`;
//! - a PDF with more than [`OcrLimits::max_pages`] pages is `Rejected` from `pdfinfo`'s count; each
//!   page is rasterised at 300 dpi, lowered for page boxes too large for the pixel limit;
//! - each page (rasterise + deskew + recognise) has [`OcrLimits::page_time`], the document
//!   [`OcrLimits::document_time`]; past it the child's process group is killed and the call is
//!   `Rejected`;
//! - each child runs with kernel limits on address space, CPU time and written file size, one
//!   thread, a clean environment, and arguments as a vector (no shell): file names are fixed
//!   names in a private temporary directory (mode 0700) removed when the call ends;
//! - at most [`OcrLimits::concurrency`] documents are read at once; a call that cannot start
//!   within [`OcrLimits::queue_wait`] is `Unavailable` (busy).
//!
//! **Preprocessing, measured** (`tests/ocr/accuracy.rs`, generated lab-report scans, character
//! error rate): tesseract's own layout analysis copes with a straight page but not with a skewed
//! one — turned 2.5° a page lost table rows to column blocks (27 %), turned 8° almost everything
//! (100 %) — so the skew angle is estimated on a copy scaled to 1000 px (`-deskew 40%`, under a
//! second) and the page is rotated back when it is off by ≥ 0.5° (0.3 % at both angles).
//! Denoising is off by default: `-despeckle` made blurred pages worse and did not help speckled
//! ones; a 3×3 median ([`Preprocessing::denoise`]) took a speckled page from 2.3 % to 0.5 % but a
//! blurred one from 1.3 % to 1.5 %, at seconds per page.
//!
//! [`LocalOcrJobs`] gives the same engine the start/poll shape of
//! [`OcrJobs`](mediclear_ports::ocr::OcrJobs) for documents in the blob store, so the document
//! pipeline's state machine runs unchanged offline.

mod child;
mod image_header;
mod jobs;
mod pdf;
mod tsv;

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use mediclear_ports::PortError;
use mediclear_ports::error::PortResult;
use mediclear_ports::ocr::{OcrEngine, OcrPage, OcrText, Scan, ScanFormat};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use child::{ChildError, ChildLimits};
pub use jobs::LocalOcrJobs;

/// What tesseract says when it is missing.
pub const NOT_INSTALLED: &str = "OCR is not available: install tesseract-ocr";

/// The resolution PDF pages are rasterised at: tesseract's accuracy is best from about 300 dpi.
const PDF_DPI: u32 = 300;
/// Skew angles are estimated on a copy this many pixels on its long side.
const SKEW_ESTIMATE_PIXELS: u32 = 1000;

/// The bounds of one call.
#[derive(Debug, Clone)]
pub struct OcrLimits {
    /// Largest file accepted (default 50 MiB).
    pub max_bytes: usize,
    /// Most pages of a PDF (default 50).
    pub max_pages: u32,
    /// Most pixels of an image or a rasterised page (default 40 M: an A4 or Letter page at
    /// 600 dpi is about 35 M).
    pub max_pixels: u64,
    /// Time to read one page, all steps (default 60 s; a 300-dpi page takes 2–6 s here).
    pub page_time: Duration,
    /// Time to read a whole document (default 10 minutes).
    pub document_time: Duration,
    /// Address space of each child process (default 2 GiB).
    pub child_memory_bytes: u64,
    /// Documents read at once (default 1: each page already uses a core).
    pub concurrency: usize,
    /// How long a call waits for its turn before it is `Unavailable` (default 30 s).
    pub queue_wait: Duration,
    /// Where each call's private directory is made (default: the system's temporary directory).
    pub scratch_dir: Option<PathBuf>,
}

impl Default for OcrLimits {
    fn default() -> Self {
        OcrLimits {
            max_bytes: 50 << 20,
            max_pages: 50,
            max_pixels: 40_000_000,
            page_time: Duration::from_secs(60),
            document_time: Duration::from_secs(600),
            child_memory_bytes: 2 << 30,
            concurrency: 1,
            queue_wait: Duration::from_secs(30),
            scratch_dir: None,
        }
    }
}

/// Image preparation before recognition (needs ImageMagick; skipped, with a warning at start,
/// without it).
#[derive(Debug, Clone)]
pub struct Preprocessing {
    /// Rotate skewed pages straight (default on).
    pub deskew: bool,
    /// Smallest skew worth a rotation, in degrees (default 0.5).
    pub min_skew_degrees: f64,
    /// A 3×3 median filter against speckle (default off; see the module documentation).
    pub denoise: bool,
    /// Tesseract's page segmentation mode (default 3, automatic).
    pub page_segmentation: u8,
    /// Tesseract's language (default `eng`).
    pub language: String,
}

impl Default for Preprocessing {
    fn default() -> Self {
        Preprocessing { deskew: true, min_skew_degrees: 0.5, denoise: false, page_segmentation: 3, language: "eng".into() }
    }
}

/// The programs found at start.
#[derive(Debug, Clone)]
struct Tools {
    tesseract: PathBuf,
    /// `tesseract 5.3.0`.
    engine: String,
    pdfinfo: Option<PathBuf>,
    pdftoppm: Option<PathBuf>,
    magick: Option<PathBuf>,
}

/// The tesseract-backed [`OcrEngine`]. Cheap to clone (shares its queue).
#[derive(Debug, Clone)]
pub struct TesseractOcr {
    tools: Result<Tools, String>,
    limits: OcrLimits,
    preprocessing: Preprocessing,
    permits: Arc<Semaphore>,
}

impl TesseractOcr {
    /// Finds tesseract, poppler and ImageMagick on `PATH` (ImageMagick as `/usr/bin/convert`
    /// first: `/usr/local/bin/convert` may be a stand-in).
    pub async fn detect(limits: OcrLimits, preprocessing: Preprocessing) -> TesseractOcr {
        let path = std::env::var_os("PATH").unwrap_or_default();
        Self::detect_on(&path, limits, preprocessing).await
    }

    /// As [`detect`](Self::detect), searching the directories of `search_path` (a `PATH` value).
    pub async fn detect_on(search_path: &OsStr, limits: OcrLimits, preprocessing: Preprocessing) -> TesseractOcr {
        let tools = find_tools(search_path, &preprocessing.language).await;
        match &tools {
            Ok(tools) => {
                if tools.pdftoppm.is_none() || tools.pdfinfo.is_none() {
                    tracing::warn!("pdftoppm/pdfinfo not found: scanned PDFs cannot be read by OCR (install poppler-utils)");
                }
                if tools.magick.is_none() && preprocessing.deskew {
                    tracing::warn!("ImageMagick not found: skewed scans are read without deskewing (install imagemagick)");
                }
                tracing::info!(engine = %tools.engine, "offline OCR ready");
            }
            Err(why) => tracing::warn!("{why}; scans go to manual review"),
        }
        let permits = Arc::new(Semaphore::new(limits.concurrency.max(1)));
        TesseractOcr { tools, limits, preprocessing, permits }
    }

    /// An engine without its tools (what [`detect`](Self::detect) gives when tesseract is not
    /// installed): every call answers `Unavailable` with `why`. For systems that do not look.
    pub fn without_tools(why: impl Into<String>) -> TesseractOcr {
        let limits = OcrLimits::default();
        let permits = Arc::new(Semaphore::new(limits.concurrency.max(1)));
        TesseractOcr { tools: Err(why.into()), limits, preprocessing: Preprocessing::default(), permits }
    }

    /// `tesseract 5.3.0`, or `None` when tesseract is not installed.
    pub fn engine(&self) -> Option<&str> {
        self.tools.as_ref().ok().map(|t| t.engine.as_str())
    }

    fn child_limits(&self) -> ChildLimits {
        // The largest file a child may write: ImageMagick spills its pixel cache to a file beyond
        // 256 MiB of memory (Debian's policy; a deskew of a 300-dpi page needs about 120 MB of
        // it), and its disk policy allows 1 GiB.
        ChildLimits { memory_bytes: self.limits.child_memory_bytes, file_bytes: 1 << 30, output_bytes: 1 << 20 }
    }

    async fn read(&self, tools: &Tools, scan: &Scan, dir: &Path) -> PortResult<Vec<OcrPage>> {
        let document_deadline = Instant::now() + self.limits.document_time;
        let input = match scan.format() {
            ScanFormat::Png => "scan.png",
            ScanFormat::Jpeg => "scan.jpg",
            ScanFormat::Pdf => "scan.pdf",
        };
        tokio::fs::write(dir.join(input), scan.bytes()).await.map_err(|e| internal("writing the scan", e))?;
        match scan.format() {
            ScanFormat::Png | ScanFormat::Jpeg => {
                let dimensions = match scan.format() {
                    ScanFormat::Png => image_header::png(scan.bytes()),
                    _ => image_header::jpeg(scan.bytes()),
                }
                .map_err(|e| PortError::Rejected(e.to_string()))?;
                self.check_pixels(dimensions.pixels(), dimensions.width, dimensions.height)?;
                let coder = if scan.format() == ScanFormat::Png { "png" } else { "jpeg" };
                Ok(vec![self.page(tools, dir, 1, (coder, input), None, self.budget(document_deadline)).await?])
            }
            ScanFormat::Pdf => self.pdf_pages(tools, dir, document_deadline).await,
        }
    }

    fn check_pixels(&self, pixels: u64, width: u32, height: u32) -> PortResult<()> {
        if pixels > self.limits.max_pixels {
            return Err(PortError::Rejected(format!(
                "the image is {width} × {height} pixels; OCR reads images of up to {} megapixels",
                self.limits.max_pixels / 1_000_000
            )));
        }
        Ok(())
    }

    async fn pdf_pages(&self, tools: &Tools, dir: &Path, document_deadline: Instant) -> PortResult<Vec<OcrPage>> {
        let (Some(pdfinfo), Some(pdftoppm)) = (&tools.pdfinfo, &tools.pdftoppm) else {
            return Err(PortError::Unavailable("OCR of PDFs is not available: install poppler-utils".into()));
        };
        let unreadable = || PortError::Rejected("the PDF could not be read (it may be damaged); please upload it again".into());
        let info_deadline = document_deadline.min(Instant::now() + self.limits.page_time.min(Duration::from_secs(20)));
        let args = os_args(["-f", "1", "-l", &self.limits.max_pages.to_string(), "scan.pdf"]);
        let info = match child::run(pdfinfo, &args, dir, info_deadline, self.child_limits()).await {
            Ok(finished) => String::from_utf8_lossy(&finished.stdout).into_owned(),
            Err(ChildError::Failed { stderr, .. }) if stderr.contains("password") => {
                return Err(PortError::Rejected("the PDF is password-protected; please upload it without a password".into()));
            }
            Err(ChildError::Spawn(_)) => return Err(PortError::Unavailable("OCR of PDFs is not available: install poppler-utils".into())),
            Err(_) => return Err(unreadable()),
        };
        let layout = pdf::parse_pdfinfo(&info).ok_or_else(unreadable)?;
        if layout.pages == 0 {
            return Err(PortError::Rejected("the PDF has no pages".into()));
        }
        if layout.pages > self.limits.max_pages {
            return Err(PortError::Rejected(format!(
                "the PDF has {} pages; OCR reads documents of up to {} pages",
                layout.pages, self.limits.max_pages
            )));
        }
        let mut pages = Vec::with_capacity(layout.pages as usize);
        for number in 1..=layout.pages {
            let now = Instant::now();
            if now >= document_deadline {
                return Err(too_slow_document(self.limits.document_time));
            }
            let budget = self.budget(document_deadline);
            let size = layout.sizes.get(number as usize - 1).copied().unwrap_or((612.0, 792.0));
            let dpi = pdf::raster_dpi(size, PDF_DPI, self.limits.max_pixels);
            let n = number.to_string();
            let args = os_args(["-f", &n, "-l", &n, "-r", &dpi.to_string(), "-gray", "-png", "-singlefile", "scan.pdf", "page"]);
            match child::run(pdftoppm, &args, dir, budget.deadline, self.child_limits()).await {
                Ok(_) => {}
                Err(ChildError::TimedOut) => return Err(self.too_slow(number, budget)),
                Err(ChildError::Spawn(_)) => {
                    return Err(PortError::Unavailable("OCR of PDFs is not available: install poppler-utils".into()));
                }
                Err(ChildError::Failed { code, .. }) => {
                    tracing::info!(page = number, ?code, "pdftoppm failed");
                    return Err(PortError::Rejected(format!(
                        "page {number} of the PDF could not be read (it may be damaged); please upload it again"
                    )));
                }
            }
            pages.push(self.page(tools, dir, number, ("png", "page.png"), Some(dpi), budget).await?);
        }
        Ok(pages)
    }

    /// One page image → its text: deskew (when needed), then tesseract.
    async fn page(
        &self,
        tools: &Tools,
        dir: &Path,
        number: u32,
        (coder, input): (&str, &str),
        dpi: Option<u32>,
        budget: Budget,
    ) -> PortResult<OcrPage> {
        let prepared = match &tools.magick {
            Some(magick) => match self.prepare(magick, dir, coder, input, budget.deadline).await {
                Ok(prepared) => prepared,
                // Tesseract may still read what ImageMagick would not prepare: try it as it is.
                Err(ChildError::Failed { code, stderr }) => {
                    tracing::warn!(page = number, ?code, stderr, "preprocessing failed; reading the page as it is");
                    None
                }
                Err(e) => return Err(self.page_error(e, number, budget)),
            },
            None => None,
        };
        let image = prepared.unwrap_or(input);
        let output = format!("page-{number}");
        let mut args =
            os_args([image, &output, "-l", &self.preprocessing.language, "--psm", &self.preprocessing.page_segmentation.to_string()]);
        if let Some(dpi) = dpi {
            args.extend(os_args(["--dpi", &dpi.to_string()]));
        }
        args.push("tsv".into());
        child::run(&tools.tesseract, &args, dir, budget.deadline, self.child_limits())
            .await
            .map_err(|e| self.page_error(e, number, budget))?;
        let tsv_path = dir.join(format!("{output}.tsv"));
        let size = tokio::fs::metadata(&tsv_path).await.map_err(|e| internal("reading tesseract's output", e))?.len();
        if size > 64 << 20 {
            return Err(PortError::Rejected(format!("page {number} produced more text than OCR accepts")));
        }
        let tsv = tokio::fs::read_to_string(&tsv_path).await.map_err(|e| internal("reading tesseract's output", e))?;
        let (text, confidence) = tsv::page_text(&tsv);
        Ok(OcrPage { number, text, confidence })
    }

    /// The image tesseract should read, when it differs from `input`: rotated straight and/or
    /// median-filtered, as an 8-bit grey PGM.
    async fn prepare(
        &self,
        magick: &Path,
        dir: &Path,
        coder: &str,
        input: &str,
        deadline: Instant,
    ) -> Result<Option<&'static str>, ChildError> {
        // An explicit coder, so ImageMagick never guesses a format from the content.
        let source = format!("{coder}:{input}");
        let mut angle = None;
        if self.preprocessing.deskew {
            let fit = format!("{SKEW_ESTIMATE_PIXELS}x{SKEW_ESTIMATE_PIXELS}>");
            let mut args = self.magick_limits(deadline);
            args.extend(os_args([&source, "-resize", &fit, "-deskew", "40%", "-format", "%[deskew:angle]", "info:"]));
            let out = child::run(magick, &args, dir, deadline, self.child_limits()).await?;
            angle = String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|a| a.is_finite() && a.abs() >= self.preprocessing.min_skew_degrees && a.abs() <= 45.0);
        }
        if angle.is_none() && !self.preprocessing.denoise {
            return Ok(None);
        }
        let mut args = self.magick_limits(deadline);
        args.extend(os_args([&source, "-colorspace", "Gray"]));
        if self.preprocessing.denoise {
            args.extend(os_args(["-statistic", "Median", "3x3"]));
        }
        if let Some(angle) = angle {
            args.extend(os_args(["-background", "white", "-rotate", &format!("{angle:.3}"), "+repage"]));
        }
        args.extend(os_args(["-depth", "8", "pgm:prepared.pgm"]));
        child::run(magick, &args, dir, deadline, self.child_limits()).await?;
        Ok(Some("prepared.pgm"))
    }

    /// ImageMagick's own resource limits, below the kernel's: it fails cleanly instead of being
    /// killed.
    fn magick_limits(&self, deadline: Instant) -> Vec<OsString> {
        let seconds = deadline.saturating_duration_since(Instant::now()).as_secs().max(1).to_string();
        let pixels = self.limits.max_pixels.to_string();
        os_args(["-limit", "memory", "256MiB", "-limit", "map", "512MiB", "-limit", "disk", "1GiB", "-limit", "area", &pixels])
            .into_iter()
            .chain(os_args(["-limit", "width", "32KP", "-limit", "height", "32KP", "-limit", "time", &seconds]))
            .collect()
    }

    fn page_error(&self, error: ChildError, number: u32, budget: Budget) -> PortError {
        match error {
            ChildError::TimedOut => self.too_slow(number, budget),
            ChildError::Spawn(e) => {
                tracing::warn!(error = %e, "an OCR program could not be started");
                PortError::Unavailable(NOT_INSTALLED.into())
            }
            ChildError::Failed { code, stderr } => {
                tracing::info!(page = number, ?code, stderr, "OCR child failed");
                PortError::Rejected(format!("page {number} could not be read as an image (it may be damaged); please upload it again"))
            }
        }
    }

    /// The deadline of the next page: its own time, or what is left of the document's.
    fn budget(&self, document_deadline: Instant) -> Budget {
        let page_deadline = Instant::now() + self.limits.page_time;
        Budget { deadline: page_deadline.min(document_deadline), document_bound: document_deadline < page_deadline }
    }

    fn too_slow(&self, number: u32, budget: Budget) -> PortError {
        if budget.document_bound {
            return too_slow_document(self.limits.document_time);
        }
        PortError::Rejected(format!(
            "page {number} could not be read within {} s; the scan is too complex to read safely within this service's limits",
            self.limits.page_time.as_secs()
        ))
    }
}

/// When a page must be done, and whether that is the document's deadline rather than the page's.
#[derive(Debug, Clone, Copy)]
struct Budget {
    deadline: Instant,
    document_bound: bool,
}

fn too_slow_document(limit: Duration) -> PortError {
    PortError::Rejected(format!("the document could not be read within {} s; it is too long or too complex for OCR", limit.as_secs()))
}

#[async_trait]
impl OcrEngine for TesseractOcr {
    #[tracing::instrument(skip(self, scan), fields(format = ?scan.format(), bytes = scan.bytes().len()))]
    async fn recognise(&self, scan: &Scan) -> PortResult<OcrText> {
        let tools = self.tools.as_ref().map_err(|why| PortError::Unavailable(why.clone()))?;
        if scan.bytes().len() > self.limits.max_bytes {
            return Err(PortError::Rejected(format!("the file is larger than the {} MiB OCR reads", self.limits.max_bytes >> 20)));
        }
        let _turn = tokio::time::timeout(self.limits.queue_wait, self.permits.acquire())
            .await
            .map_err(|_| PortError::Unavailable("OCR is busy; try again shortly".into()))?
            .map_err(|_| PortError::Internal("the OCR queue is closed".into()))?;
        let started = Instant::now();
        // Mode 0700, removed (with every file a child left in it) when it drops.
        let dir = match &self.limits.scratch_dir {
            Some(parent) => tempfile::Builder::new().prefix("mediclear-ocr-").tempdir_in(parent),
            None => tempfile::Builder::new().prefix("mediclear-ocr-").tempdir(),
        }
        .map_err(|e| internal("creating a temporary directory", e))?;
        let pages = self.read(tools, scan, dir.path()).await;
        drop(dir);
        let pages = pages?;
        tracing::info!(pages = pages.len(), elapsed_ms = started.elapsed().as_millis() as u64, "scan read");
        Ok(OcrText { engine: tools.engine.clone(), pages })
    }
}

async fn find_tools(search_path: &OsStr, language: &str) -> Result<Tools, String> {
    let tesseract = child::find_program("tesseract", search_path).ok_or_else(|| NOT_INSTALLED.to_string())?;
    let within = Duration::from_secs(10);
    let version = child::query(&tesseract, &["--version"], within).await.ok_or_else(|| NOT_INSTALLED.to_string())?;
    let engine = version.lines().next().unwrap_or("tesseract").trim().to_string();
    let languages = child::query(&tesseract, &["--list-langs"], within).await.unwrap_or_default();
    if !languages.lines().skip(1).any(|l| l.trim() == language) {
        return Err(format!("OCR is not available: install tesseract-ocr-{language}"));
    }
    let mut magick = None;
    for candidate in
        [Some(PathBuf::from("/usr/bin/convert")), child::find_program("magick", search_path), child::find_program("convert", search_path)]
            .into_iter()
            .flatten()
    {
        if candidate.is_file() && child::query(&candidate, &["-version"], within).await.is_some_and(|v| v.contains("ImageMagick")) {
            magick = Some(candidate);
            break;
        }
    }
    Ok(Tools {
        tesseract,
        engine,
        pdfinfo: child::find_program("pdfinfo", search_path),
        pdftoppm: child::find_program("pdftoppm", search_path),
        magick,
    })
}

fn os_args<'a>(args: impl IntoIterator<Item = &'a str>) -> Vec<OsString> {
    args.into_iter().map(OsString::from).collect()
}

fn internal(what: &str, error: std::io::Error) -> PortError {
    PortError::Internal(format!("OCR: {what}: {}", error.kind()))
}
