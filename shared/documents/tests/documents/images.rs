//! `pdf_images`: the pictures of PDFs built here (every kind of image it takes and skips, forms,
//! limits), of hostile ones (inflation bombs, huge declared sizes, loops, resources named
//! millions of times, damaged files, with their memory measured in a child process), and of the
//! fetched corpora.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, ObjectId, Stream, dictionary};
use mediclear_documents::{EmbeddedImage, ExtractionError, ImageLimits, Limits, pdf_images};
use mediclear_ports::vision::{ImageFormat, image_size};

use crate::fixtures::{self, CHILD_TIMEOUT, ChildReport, child_baseline_kib, report_from_child};
use crate::hostile::is_pdf_rejection;
use crate::synthetic::{PdfBuilder, draw, text_operations};

// Building blocks.

/// The header of a baseline JPEG of `width` × `height`, some scan data and its end: what a PDF
/// holds in a `DCTDecode` stream (no pixel is decoded here).
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xC0\x00\x11\x08".to_vec();
    jpeg.extend_from_slice(&height.to_be_bytes());
    jpeg.extend_from_slice(&width.to_be_bytes());
    jpeg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    jpeg.extend_from_slice(b"\xFF\xDA\x00\x0C\x03\x01\x00\x02\x11\x03\x11\x00\x3F\x00");
    jpeg.extend_from_slice(&[0x5A; 512]);
    jpeg.extend_from_slice(b"\xFF\xD9");
    jpeg
}

fn zlib(data: &[u8], level: Compression) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), level);
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// Samples that change across and down the image, so that rows differ.
fn gradient(width: u32, height: u32, components: u32) -> Vec<u8> {
    (0..height).flat_map(|y| (0..width * components).map(move |x| (x * 7 + y * 3) as u8)).collect()
}

/// An image XObject's dictionary.
fn image_dict(width: i64, height: i64, colour_space: Object, bits: i64) -> Dictionary {
    dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => width,
        "Height" => height,
        "ColorSpace" => colour_space,
        "BitsPerComponent" => bits,
    }
}

fn gray() -> Object {
    Object::Name(b"DeviceGray".to_vec())
}

fn rgb() -> Object {
    Object::Name(b"DeviceRGB".to_vec())
}

/// An image stored with `filter` (or none).
fn add_image(pdf: &mut PdfBuilder, mut dict: Dictionary, filter: Option<&str>, content: Vec<u8>) -> ObjectId {
    if let Some(filter) = filter {
        dict.set("Filter", Object::Name(filter.as_bytes().to_vec()));
    }
    pdf.doc().add_object(Stream::new(dict, content))
}

/// A grey or RGB image of `gradient` samples, compressed with Flate.
fn flate_image(pdf: &mut PdfBuilder, width: u32, height: u32, colour_space: Object) -> ObjectId {
    let components = if colour_space == gray() { 1 } else { 3 };
    let samples = zlib(&gradient(width, height, components), Compression::fast());
    add_image(pdf, image_dict(width.into(), height.into(), colour_space, 8), Some("FlateDecode"), samples)
}

fn jpeg_image(pdf: &mut PdfBuilder, width: u16, height: u16) -> ObjectId {
    add_image(pdf, image_dict(width.into(), height.into(), rgb(), 8), Some("DCTDecode"), jpeg(width, height))
}

/// A page that names (and draws) these XObjects.
fn page_naming(pdf: &mut PdfBuilder, xobjects: &[(&str, ObjectId)]) -> ObjectId {
    let mut names = Dictionary::new();
    let mut operations = text_operations(&["Referral letter"]);
    for &(name, id) in xobjects {
        names.set(name, id);
        operations.push(draw(name));
    }
    let mut resources = pdf.resources();
    resources.set("XObject", names);
    pdf.page(operations, resources)
}

/// A form that names (and draws) these XObjects.
fn form_naming(pdf: &mut PdfBuilder, xobjects: &[(&str, ObjectId)]) -> ObjectId {
    let mut names = Dictionary::new();
    for &(name, id) in xobjects {
        names.set(name, id);
    }
    pdf.form(xobjects.iter().map(|&(name, _)| draw(name)).collect(), dictionary! { "XObject" => names })
}

/// The width, height, colour type and samples of a PNG written by `pdf_images` (one `IDAT`,
/// rows unfiltered).
fn png_samples(png: &[u8]) -> (u32, u32, u8, Vec<u8>) {
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    let (width, height, colour_type) = (number(16), number(20), png[25]);
    let idat_length = number(33) as usize;
    assert_eq!(&png[37..41], b"IDAT");
    let mut rows = Vec::new();
    flate2::read::ZlibDecoder::new(&png[41..41 + idat_length]).read_to_end(&mut rows).unwrap();
    let row = width as usize * if colour_type == 0 { 1 } else { 3 };
    let samples = rows
        .chunks_exact(row + 1)
        .flat_map(|line| {
            assert_eq!(line[0], 0, "rows are unfiltered");
            line[1..].to_vec()
        })
        .collect();
    (width, height, colour_type, samples)
}

fn summary(images: &[EmbeddedImage]) -> Vec<(u32, ImageFormat, u32, u32)> {
    images.iter().map(|image| (image.page, image.format, image.width, image.height)).collect()
}

/// What every answer of `pdf_images` must be, whatever the file: a clean rejection, or images
/// within the limits, each a file of the format and size it claims.
fn assert_bounded(outcome: &Result<Vec<EmbeddedImage>, ExtractionError>, limits: &ImageLimits, name: &str) {
    let images = match outcome {
        Ok(images) => images,
        Err(error) => {
            assert!(is_pdf_rejection(error), "{name}: unexpected {error:?}");
            return;
        }
    };
    assert!(images.len() <= limits.max_images, "{name}: {} images", images.len());
    let mut pixels = 0;
    for image in images {
        assert!(image.bytes.len() <= limits.max_image_bytes, "{name}: {image:?}");
        assert_eq!(ImageFormat::of(&image.bytes), Some(image.format), "{name}: {image:?}");
        assert_eq!(image_size(&image.bytes, image.format), Some((image.width, image.height)), "{name}: {image:?}");
        for side in [image.width, image.height] {
            assert!((limits.min_side..=limits.max_side).contains(&side), "{name}: {image:?}");
        }
        assert!(image.page >= 1, "{name}: {image:?}");
        pixels += u64::from(image.width) * u64::from(image.height);
    }
    assert!(pixels <= limits.max_total_pixels, "{name}: {pixels} pixels");
}

// What is taken, and how.

#[test]
fn pictures_come_out_as_jpeg_and_png_files_in_page_order() {
    let mut pdf = PdfBuilder::new();
    let logo = flate_image(&mut pdf, 32, 32, gray());
    let photo = jpeg_image(&mut pdf, 640, 480);
    let chart = flate_image(&mut pdf, 300, 200, rgb());
    page_naming(&mut pdf, &[("Logo", logo), ("Photo", photo), ("Chart", chart)]);
    // Page 2: a grey scan stored with the PNG "Sub" predictor, and an uncompressed RGB image in
    // an ICC colour space.
    let raw = gradient(200, 100, 1);
    let mut predicted = Vec::new();
    for row in raw.chunks_exact(200) {
        predicted.push(1);
        predicted.extend(row.iter().enumerate().map(|(x, &v)| v.wrapping_sub(if x == 0 { 0 } else { row[x - 1] })));
    }
    let mut scan_dict = image_dict(200, 100, gray(), 8);
    scan_dict.set(
        "DecodeParms",
        dictionary! { "Predictor" => 15, "Colors" => 1, "Columns" => 200, "BitsPerComponent" => 8 },
    );
    let scan = add_image(&mut pdf, scan_dict, Some("FlateDecode"), zlib(&predicted, Compression::fast()));
    let profile = pdf.doc().add_object(Stream::new(dictionary! { "N" => 3 }, vec![0; 128]));
    let icc = vec![Object::Name(b"ICCBased".to_vec()), profile.into()];
    let still = add_image(&mut pdf, image_dict(64, 64, Object::Array(icc), 8), None, gradient(64, 64, 3));
    page_naming(&mut pdf, &[("Scan", scan), ("Still", still)]);
    // Page 3: a JPEG that Flate wraps.
    let mut wrapped = image_dict(320, 240, rgb(), 8);
    wrapped.set("Filter", vec![Object::Name(b"FlateDecode".to_vec()), Object::Name(b"DCTDecode".to_vec())]);
    let wrapped = pdf.doc().add_object(Stream::new(wrapped, zlib(&jpeg(320, 240), Compression::fast())));
    page_naming(&mut pdf, &[("Wrapped", wrapped)]);

    let images = pdf_images(&pdf.build(), &ImageLimits::DEFAULT).expect("images");
    assert_eq!(
        summary(&images),
        [
            (1, ImageFormat::Jpeg, 640, 480),
            (1, ImageFormat::Png, 300, 200),
            (2, ImageFormat::Png, 200, 100),
            (2, ImageFormat::Png, 64, 64),
            (3, ImageFormat::Jpeg, 320, 240)
        ],
        "the logo is too small to take"
    );
    assert_eq!(images[0].bytes, jpeg(640, 480), "a JPEG is taken as it is stored");
    assert_eq!(png_samples(&images[1].bytes), (300, 200, 2, gradient(300, 200, 3)));
    assert_eq!(png_samples(&images[2].bytes), (200, 100, 0, raw), "the predictor is undone");
    assert_eq!(png_samples(&images[3].bytes), (64, 64, 2, gradient(64, 64, 3)));
    assert_eq!(images[4].bytes, jpeg(320, 240), "unwrapped");
}

#[test]
fn images_other_than_8_bit_grey_or_rgb_are_skipped_and_inverted_grey_is_righted() {
    let mut pdf = PdfBuilder::new();
    let samples = || zlib(&gradient(100, 100, 1), Compression::fast());
    let mut skipped = Vec::new();
    for (filter, colour_space, bits) in [
        ("CCITTFaxDecode", gray(), 1),
        ("JBIG2Decode", gray(), 1),
        ("JPXDecode", rgb(), 8),
        ("FlateDecode", gray(), 16),
        ("FlateDecode", gray(), 4),
        ("FlateDecode", Object::Name(b"DeviceCMYK".to_vec()), 8),
        ("DCTDecode", Object::Name(b"DeviceCMYK".to_vec()), 8),
        (
            "FlateDecode",
            Object::Array(vec![
                Object::Name(b"Indexed".to_vec()),
                rgb(),
                1.into(),
                Object::string_literal(vec![0u8, 0, 0, 255, 255, 255]),
            ]),
            8,
        ),
        ("FlateDecode", Object::Array(vec![Object::Name(b"Lab".to_vec()), Dictionary::new().into()]), 8),
    ] {
        skipped.push(add_image(&mut pdf, image_dict(100, 100, colour_space, bits), Some(filter), samples()));
    }
    let mut mask = image_dict(100, 100, gray(), 1);
    mask.set("ImageMask", true);
    skipped.push(add_image(&mut pdf, mask, Some("FlateDecode"), samples()));
    let mut inverted_jpeg = image_dict(100, 100, rgb(), 8);
    inverted_jpeg.set("Decode", vec![1.into(), 0.into(), 1.into(), 0.into(), 1.into(), 0.into()]);
    skipped.push(add_image(&mut pdf, inverted_jpeg, Some("DCTDecode"), jpeg(100, 100)));
    let mut odd_decode = image_dict(100, 100, gray(), 8);
    odd_decode.set("Decode", vec![0.into(), Object::Real(0.5)]);
    skipped.push(add_image(&mut pdf, odd_decode, Some("FlateDecode"), samples()));
    let names: Vec<String> = (0..skipped.len()).map(|i| format!("Im{i}")).collect();
    let named: Vec<(&str, ObjectId)> = names.iter().map(String::as_str).zip(skipped.iter().copied()).collect();
    page_naming(&mut pdf, &named);
    let mut negative = image_dict(100, 100, gray(), 8);
    negative.set("Decode", vec![1.into(), 0.into()]);
    let negative = add_image(&mut pdf, negative, Some("FlateDecode"), samples());
    page_naming(&mut pdf, &[("Negative", negative)]);

    let images = pdf_images(&pdf.build(), &ImageLimits::DEFAULT).expect("images");
    assert_eq!(summary(&images), [(2, ImageFormat::Png, 100, 100)]);
    let inverted: Vec<u8> = gradient(100, 100, 1).iter().map(|v| 255 - v).collect();
    assert_eq!(png_samples(&images[0].bytes).3, inverted);
}

#[test]
fn images_inside_forms_are_found_once_however_often_they_are_named() {
    let mut pdf = PdfBuilder::new();
    let chart = flate_image(&mut pdf, 120, 90, rgb());
    let inner = form_naming(&mut pdf, &[("Chart", chart)]);
    let outer = form_naming(&mut pdf, &[("Inner", inner)]);
    page_naming(&mut pdf, &[("Outer", outer)]);
    page_naming(&mut pdf, &[("Chart", chart), ("Outer", outer)]);
    // Two forms naming each other, one of them an image too.
    let photo = jpeg_image(&mut pdf, 800, 600);
    let first = pdf.doc().new_object_id();
    let second = form_naming(&mut pdf, &[("First", first), ("Photo", photo)]);
    let looping = form_naming(&mut pdf, &[("Second", second)]);
    let object = pdf.doc().objects.remove(&looping).unwrap();
    pdf.doc().objects.insert(first, object);
    page_naming(&mut pdf, &[("First", first)]);

    let images = pdf_images(&pdf.build(), &ImageLimits::DEFAULT).expect("images");
    assert_eq!(summary(&images), [(1, ImageFormat::Png, 120, 90), (3, ImageFormat::Jpeg, 800, 600)]);
}

#[test]
fn the_first_images_are_taken_up_to_the_count_and_pixel_limits() {
    let mut pdf = PdfBuilder::new();
    for _ in 0..6 {
        let first = flate_image(&mut pdf, 100, 100, gray());
        let second = jpeg_image(&mut pdf, 100, 100);
        page_naming(&mut pdf, &[("A", first), ("B", second)]);
    }
    let bytes = pdf.build();

    let images = pdf_images(&bytes, &ImageLimits::DEFAULT).expect("images");
    assert_eq!(images.len(), 8);
    assert_eq!(images.iter().map(|image| image.page).collect::<Vec<_>>(), [1, 1, 2, 2, 3, 3, 4, 4]);

    let limits = ImageLimits { max_images: 100, max_total_pixels: 55_000, ..ImageLimits::DEFAULT };
    assert_eq!(pdf_images(&bytes, &limits).unwrap().len(), 5, "10,000 pixels each");

    let limits = ImageLimits { max_image_bytes: 500, ..ImageLimits::DEFAULT };
    let small = pdf_images(&bytes, &limits).unwrap();
    assert!(small.iter().all(|image| image.format == ImageFormat::Png && image.bytes.len() <= 500), "{small:?}");
}

#[test]
fn a_pdf_without_images_has_none_and_files_that_are_not_pdfs_are_refused() {
    let mut pdf = PdfBuilder::new();
    pdf.text_page(&["Discharge summary"]);
    assert_eq!(pdf_images(&pdf.build(), &ImageLimits::DEFAULT), Ok(Vec::new()));
    assert_eq!(pdf_images(b"", &ImageLimits::DEFAULT), Err(ExtractionError::Empty));
    assert!(matches!(pdf_images(&jpeg(100, 100), &ImageLimits::DEFAULT), Err(ExtractionError::ContentMismatch { .. })));
    let limits = ImageLimits { document: Limits { max_bytes: 10, ..Limits::DEFAULT }, ..ImageLimits::DEFAULT };
    assert_eq!(pdf_images(b"%PDF-1.7 and more", &limits), Err(ExtractionError::TooLarge { limit_mib: 1 }));
}

// Hostile files.

#[test]
fn images_that_inflate_past_their_size_are_skipped_and_the_rest_are_taken() {
    let mut pdf = PdfBuilder::new();
    // 16 MiB of zeros in 16 KiB, declared as a 100 × 100 grey image.
    let bomb = add_image(
        &mut pdf,
        image_dict(100, 100, gray(), 8),
        Some("FlateDecode"),
        zlib(&vec![0; 16 << 20], Compression::best()),
    );
    // The same zeros after a JPEG header, wrapped in Flate: a 16 MiB JPEG, past the 3.75 MB a
    // JPEG may have.
    let mut wrapped = image_dict(100, 100, rgb(), 8);
    wrapped.set("Filter", vec![Object::Name(b"FlateDecode".to_vec()), Object::Name(b"DCTDecode".to_vec())]);
    let mut huge_jpeg = jpeg(100, 100);
    huge_jpeg.resize(16 << 20, 0);
    let wrapped = pdf.doc().add_object(Stream::new(wrapped, zlib(&huge_jpeg, Compression::best())));
    let chart = flate_image(&mut pdf, 100, 100, gray());
    page_naming(&mut pdf, &[("Bomb", bomb), ("Wrapped", wrapped), ("Chart", chart)]);
    let bytes = pdf.build();
    assert!(bytes.len() < 100 * 1024, "the bombs should be small on disk: {}", bytes.len());

    let images = pdf_images(&bytes, &ImageLimits::DEFAULT).expect("images");
    assert_eq!(summary(&images), [(1, ImageFormat::Png, 100, 100)]);
    assert_eq!(png_samples(&images[0].bytes).3, gradient(100, 100, 1));
}

#[test]
fn huge_or_nonsense_declared_sizes_are_skipped_without_decoding() {
    let mut pdf = PdfBuilder::new();
    let mut named = Vec::new();
    for (width, height) in [(8000, 8000), (100_000, 100), (1 << 40, 100), (-5, 100), (100, 0)] {
        named.push(add_image(
            &mut pdf,
            image_dict(width, height, gray(), 8),
            Some("FlateDecode"),
            zlib(&[0; 64], Compression::fast()),
        ));
    }
    let mut no_number = image_dict(100, 100, gray(), 8);
    no_number.set("Width", Object::string_literal("wide"));
    named.push(add_image(&mut pdf, no_number, None, vec![0; 10_000]));
    // A JPEG whose own header claims more than Converse takes, behind a modest dictionary.
    named.push(add_image(&mut pdf, image_dict(100, 100, rgb(), 8), Some("DCTDecode"), jpeg(9000, 100)));
    // Data shorter than the size promises.
    named.push(add_image(&mut pdf, image_dict(1000, 1000, gray(), 8), None, vec![7; 1000]));
    let names: Vec<String> = (0..named.len()).map(|i| format!("Im{i}")).collect();
    page_naming(&mut pdf, &names.iter().map(String::as_str).zip(named).collect::<Vec<_>>());

    let started = Instant::now();
    assert_eq!(pdf_images(&pdf.build(), &ImageLimits::DEFAULT), Ok(Vec::new()));
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[test]
fn forms_nested_deeper_than_the_walk_goes_hide_their_images() {
    let nested = |depth: usize| {
        let mut pdf = PdfBuilder::new();
        let chart = flate_image(&mut pdf, 100, 100, gray());
        let mut inner = form_naming(&mut pdf, &[("Chart", chart)]);
        for _ in 1..depth {
            inner = form_naming(&mut pdf, &[("Inner", inner)]);
        }
        page_naming(&mut pdf, &[("Outer", inner)]);
        pdf_images(&pdf.build(), &ImageLimits::DEFAULT).expect("walked")
    };
    assert_eq!(nested(3).len(), 1);
    assert_eq!(nested(300), Vec::new());
}

#[test]
fn resources_named_millions_of_times_are_refused_as_too_complex() {
    // 400 pages share one resource dictionary naming the same form 5,000 times: two million
    // entries to look at, from a file of a few hundred KiB.
    let mut pdf = PdfBuilder::new();
    let form = pdf.form(vec![], Dictionary::new());
    let mut names = Dictionary::new();
    for i in 0..5_000 {
        names.set(format!("Fm{i}"), form);
    }
    let resources = pdf.doc().add_object(dictionary! { "XObject" => names });
    for _ in 0..400 {
        let page = pdf.text_page(&["x"]);
        pdf.doc().get_dictionary_mut(page).unwrap().set("Resources", resources);
    }

    let started = Instant::now();
    assert_eq!(pdf_images(&pdf.build(), &ImageLimits::DEFAULT), Err(ExtractionError::PdfTooComplex));
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn running_out_of_time_is_refused_as_too_complex() {
    let mut pdf = PdfBuilder::new();
    let chart = flate_image(&mut pdf, 100, 100, gray());
    page_naming(&mut pdf, &[("Chart", chart)]);
    let limits =
        ImageLimits { document: Limits { time_budget: Duration::ZERO, ..Limits::DEFAULT }, ..ImageLimits::DEFAULT };

    assert_eq!(pdf_images(&pdf.build(), &limits), Err(ExtractionError::PdfTooComplex));
}

#[test]
fn every_truncation_and_byte_flip_of_a_pdf_with_images_ends_cleanly() {
    let mut pdf = PdfBuilder::new();
    let chart = flate_image(&mut pdf, 80, 80, rgb());
    let photo = jpeg_image(&mut pdf, 300, 200);
    let form = form_naming(&mut pdf, &[("Photo", photo)]);
    page_naming(&mut pdf, &[("Chart", chart), ("Form", form)]);
    pdf.text_page(&["Signed, attending physician"]);
    let mut doc = pdf.build_document();
    doc.compress();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert_eq!(pdf_images(&bytes, &ImageLimits::DEFAULT).map(|images| images.len()), Ok(2));

    let mut variants: Vec<Vec<u8>> = (1..40).map(|cut| bytes[..bytes.len() * cut / 40].to_vec()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for _ in 0..300 {
        let mut mutated = bytes.clone();
        for _ in 0..3 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let at = (seed % mutated.len() as u64) as usize;
            mutated[at] = (seed >> 32) as u8;
        }
        variants.push(mutated);
    }
    for (index, variant) in variants.iter().enumerate() {
        assert_bounded(&pdf_images(variant, &ImageLimits::DEFAULT), &ImageLimits::DEFAULT, &format!("variant {index}"));
    }
}

// Memory, measured in a child process (as `content_bombs` does for text).

/// Most memory taking the images of one file may cost above the child's baseline (which holds
/// the file): a second copy while it is parsed, the parse, one image decoded, the images kept.
const MEMORY_BOUND_MIB: u64 = 200;
const FILE_VARIABLE: &str = "MEDICLEAR_IMAGE_BOMB";

/// Noise: neither zlib nor PNG makes it smaller.
fn noise(len: usize) -> Vec<u8> {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// 200 images declaring 16 million grey pixels each, all one stream of 64 MiB of zeros in
/// 64 KiB: each would inflate past its size, and the pixel budget stops decoding them after
/// four.
fn bombs_at_the_pixel_cap() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let bomb = zlib(&vec![0; 64 << 20], Compression::best());
    let mut named = Vec::new();
    for _ in 0..200 {
        named.push(add_image(&mut pdf, image_dict(4000, 4000, gray(), 8), Some("FlateDecode"), bomb.clone()));
    }
    let names: Vec<String> = (0..named.len()).map(|i| format!("Im{i}")).collect();
    page_naming(&mut pdf, &names.iter().map(String::as_str).zip(named).collect::<Vec<_>>());
    pdf.build()
}

/// An RGB image at the pixel cap (48 MB of noise, stored), and one of grey noise behind it:
/// decoded whole, and abandoned once the PNG passes 3.75 MB.
fn noise_at_the_pixel_cap() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    let stored = zlib(&noise(4000 * 4000 * 3), Compression::none());
    let colour = add_image(&mut pdf, image_dict(4000, 4000, rgb(), 8), Some("FlateDecode"), stored);
    let grey = add_image(&mut pdf, image_dict(3000, 3000, gray(), 8), None, noise(3000 * 3000));
    page_naming(&mut pdf, &[("Colour", colour), ("Grey", grey)]);
    pdf.build()
}

/// Eight JPEGs of 3.7 MB each: the most the limits let through, all kept.
fn jpegs_at_the_byte_cap() -> Vec<u8> {
    let mut pdf = PdfBuilder::new();
    for _ in 0..8 {
        let mut photo = jpeg(2000, 1500);
        photo.splice(photo.len() - 2..photo.len() - 2, noise(3_700_000));
        let photo = add_image(&mut pdf, image_dict(2000, 1500, rgb(), 8), Some("DCTDecode"), photo);
        page_naming(&mut pdf, &[("Photo", photo)]);
    }
    pdf.build()
}

/// One hostile file, and how many images it must give.
struct HostileFile {
    name: &'static str,
    build: fn() -> Vec<u8>,
    images: usize,
}

#[test]
fn hostile_image_files_are_taken_within_the_memory_bound() {
    let dir = std::env::temp_dir().join(format!("mediclear-image-bombs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let catalogue = [
        HostileFile { name: "bombs-at-the-pixel-cap", build: bombs_at_the_pixel_cap, images: 0 },
        HostileFile { name: "noise-at-the-pixel-cap", build: noise_at_the_pixel_cap, images: 0 },
        HostileFile { name: "jpegs-at-the-byte-cap", build: jpegs_at_the_byte_cap, images: 8 },
    ];
    let mut failures = Vec::new();
    for HostileFile { name, build, images } in catalogue {
        let path = dir.join(format!("{name}.pdf"));
        let bytes = build();
        std::fs::write(&path, &bytes).unwrap();
        let report = take_in_child(&path);
        eprintln!(
            "{name:<28} {:>9} bytes  {:>4} MiB above baseline  {:>6} ms  {}",
            bytes.len(),
            report.peak_above_baseline_kib / 1024,
            report.elapsed.as_millis(),
            report.outcome
        );
        if report.outcome != format!("Ok({images})") {
            failures.push(format!("{name}: expected Ok({images}), got {}", report.outcome));
        }
        if report.peak_above_baseline_kib > MEMORY_BOUND_MIB * 1024 {
            failures.push(format!("{name}: peak {} MiB above baseline", report.peak_above_baseline_kib / 1024));
        }
        std::fs::remove_file(&path).unwrap();
    }
    std::fs::remove_dir(&dir).unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Not a test of its own: the child process that takes the images of the file named by
/// [`FILE_VARIABLE`] and prints how it ended and its memory (the variable is unset in a normal
/// test run).
#[test]
fn child_takes_the_images_of_the_named_file() {
    let Some(path) = std::env::var_os(FILE_VARIABLE) else { return };
    let bytes = std::fs::read(path).unwrap();
    let baseline = child_baseline_kib();
    // Only the budgets may refuse a file here, not the clock (an unoptimised build is slow).
    let limits =
        ImageLimits { document: Limits { time_budget: CHILD_TIMEOUT * 2, ..Limits::DEFAULT }, ..ImageLimits::DEFAULT };
    let outcome = match pdf_images(&bytes, &limits) {
        Ok(images) => format!("Ok({})", images.len()),
        Err(error) => format!("Err({error:?})"),
    };
    report_from_child(&outcome, baseline);
}

/// Takes the images of `path` in a child process.
fn take_in_child(path: &std::path::Path) -> ChildReport {
    fixtures::run_in_child("images::child_takes_the_images_of_the_named_file", FILE_VARIABLE, path)
}

// The fetched corpora.

#[test]
fn the_corpora_give_bounded_images_or_clean_rejections() {
    let Some(dir) = fixtures::corpus() else { return };
    let limits = ImageLimits::DEFAULT;
    let (mut files, mut with_images, mut images, mut jpegs, mut rejected) = (0, 0, 0, 0, 0);
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    for path in fixtures::pdfs_under(&dir) {
        let name = path.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(&path).unwrap();
        let one = Instant::now();
        let outcome = pdf_images(&bytes, &limits);
        let elapsed = one.elapsed();
        if elapsed > slowest.0 {
            slowest = (elapsed, name.clone());
        }
        assert_bounded(&outcome, &limits, &name);
        files += 1;
        match &outcome {
            Ok(found) => {
                if !found.is_empty() {
                    with_images += 1;
                    eprintln!("{name}: {:?}", summary(found));
                }
                images += found.len();
                jpegs += found.iter().filter(|image| image.format == ImageFormat::Jpeg).count();
            }
            Err(error) => {
                rejected += 1;
                eprintln!("{name}: {error}");
            }
        }
    }
    eprintln!(
        "{files} files, {with_images} with images: {images} images ({jpegs} JPEG, {} PNG); {rejected} rejected; {:?} in all, slowest {:?} ({})",
        images - jpegs,
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(files > 100, "both corpora should be there: {files}");
    assert!(with_images >= 10, "the OCR corpus is mostly scans: {with_images} files with images");
}
