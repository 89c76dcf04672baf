//! A PDF's pages as `pdfinfo` reports them, and the resolution each page is rasterised at.
//!
//! Poppler counts the pages from the page tree (a tree declaring more pages than the file has
//! objects is an error), and `-f 1 -l N` lists the size of the first N pages only, so a file
//! claiming thousands of pages costs no more than a small one.

/// What OCR needs to know before rasterising.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PdfLayout {
    pub pages: u32,
    /// Width and height in points (1/72 in) of the pages listed, in order.
    pub sizes: Vec<(f64, f64)>,
}

/// `pdfinfo -f 1 -l N` output → the layout; `None` without a page count.
pub(crate) fn parse_pdfinfo(output: &str) -> Option<PdfLayout> {
    let mut pages = None;
    let mut sizes = Vec::new();
    for line in output.lines() {
        if let Some(count) = line.strip_prefix("Pages:") {
            pages = count.trim().parse().ok();
        } else if let Some(rest) = line.strip_prefix("Page ")
            && let Some((_, size)) = rest.split_once(" size:")
        {
            // "  612 x 792 pts (letter)"
            let mut numbers = size.split_whitespace();
            let width = numbers.next().and_then(|w| w.parse::<f64>().ok());
            let height = numbers.nth(1).and_then(|h| h.parse::<f64>().ok());
            if let (Some(width), Some(height)) = (width, height) {
                sizes.push((width, height));
            }
        }
    }
    Some(PdfLayout { pages: pages?, sizes })
}

/// The resolution a page is rasterised at: `preferred` dpi, lowered so that the page stays
/// within `max_pixels` (a poster-sized page box would otherwise be a decompression bomb of our
/// own making). Never below 1 dpi.
pub(crate) fn raster_dpi((width, height): (f64, f64), preferred: u32, max_pixels: u64) -> u32 {
    let square_inches = (width / 72.0).max(0.01) * (height / 72.0).max(0.01);
    let fitting = (max_pixels as f64 / square_inches).sqrt().floor();
    (f64::from(preferred).min(fitting) as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_count_and_the_sizes_pdfinfo_lists() {
        let out = "Tagged:          no\nPages:           5000\nEncrypted:       no\nPage    1 size:  612 x 792 pts (letter)\nPage    1 rot:   0\nPage    2 size:  595.276 x 841.89 pts (A4)\nFile size:       513042 bytes\n";
        assert_eq!(parse_pdfinfo(out), Some(PdfLayout { pages: 5000, sizes: vec![(612.0, 792.0), (595.276, 841.89)] }));
        assert_eq!(parse_pdfinfo("Syntax Error: something\n"), None);
    }

    #[test]
    fn large_pages_are_rasterised_at_a_lower_resolution() {
        assert_eq!(raster_dpi((612.0, 792.0), 300, 40_000_000), 300);
        // A 200 in × 200 in page box: 60 000 px a side at 300 dpi, 31 dpi within 40 Mpx.
        assert_eq!(raster_dpi((14_400.0, 14_400.0), 300, 40_000_000), 31);
        assert_eq!(raster_dpi((1e9, 1e9), 300, 40_000_000), 1);
    }
}
