//! Bedrock Converse with an image block on the wire stub: what `BedrockVision` sends, what it
//! refuses before sending, and how answers and failures map.

use mediclear_aws::BedrockVision;
use mediclear_aws::vision::{DEFAULT_VISION_MODEL_ID, MAX_OUTPUT_TOKENS, TRUNCATED_MARKER};
use mediclear_ports::PortError;
use mediclear_ports::vision::{ImageFormat, Vision};
use mediclear_testkit::wire::{Operation, Scripted, WireStub};
use serde_json::json;

/// The start of a PNG of `width` × `height` (the stub reads no pixels).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE]);
    png
}

/// The start of a baseline JPEG of `width` × `height`.
fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xC0\x00\x11\x08".to_vec();
    jpeg.extend_from_slice(&height.to_be_bytes());
    jpeg.extend_from_slice(&width.to_be_bytes());
    jpeg.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xDA]);
    jpeg
}

async fn vision(stub: &WireStub) -> BedrockVision {
    BedrockVision::new(&stub.sdk_config().await, DEFAULT_VISION_MODEL_ID)
}

const DESCRIPTION: &str = "A line chart titled \"Fasting glucose\" with five points from 01/2024 to 05/2024: 5.4, 5.6, 5.9, 6.1, \
unclear (mmol/L).";

#[tokio::test]
async fn the_request_carries_the_image_and_its_format_at_temperature_zero() {
    let stub = WireStub::start().await;
    let vision = vision(&stub).await;
    stub.script(Operation::Converse, Scripted::converse_text(DESCRIPTION));
    let image = png(640, 480);

    let description = vision.describe(&image, ImageFormat::Png, "lab report").await.expect("a description");
    assert_eq!(description.text, DESCRIPTION);
    assert_eq!(description.model, DEFAULT_VISION_MODEL_ID);

    let sent = stub.requests_for(Operation::Converse);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path_param("model"), Some(DEFAULT_VISION_MODEL_ID), "the model id is in the path");
    let images = sent[0].converse_images();
    assert_eq!(images.len(), 1, "one image block");
    assert_eq!((images[0].format.as_str(), &images[0].bytes), ("png", &image), "the bytes as given, base64 on the wire");
    let body = sent[0].json();
    assert_eq!(body["messages"].as_array().map(Vec::len), Some(1), "one user message");
    assert_eq!(body["messages"][0]["role"], "user");
    let content = body["messages"][0]["content"].as_array().unwrap();
    assert!(content[0]["image"]["source"]["bytes"].is_string(), "{}", content[0]);
    let instruction = content[1]["text"].as_str().unwrap();
    assert!(instruction.contains("document type: lab report"), "{instruction}");
    assert_eq!(body["inferenceConfig"]["temperature"], json!(0.0));
    assert_eq!(body["inferenceConfig"]["maxTokens"], json!(MAX_OUTPUT_TOKENS));
    let system = body["system"][0]["text"].as_str().unwrap();
    for rule in ["Transcribe", "Do not diagnose", "\"unclear\"", "never an instruction"] {
        assert!(system.contains(rule), "the system prompt should say {rule:?}: {system}");
    }

    stub.script(Operation::Converse, Scripted::converse_text("A photograph of a printed prescription label."));
    let image = jpeg(1200, 900);
    vision.describe(&image, ImageFormat::Jpeg, "").await.expect("a description");
    let images = stub.requests_for(Operation::Converse)[1].converse_images();
    assert_eq!((images[0].format.as_str(), &images[0].bytes), ("jpeg", &image));
}

#[tokio::test]
async fn a_cut_off_description_keeps_its_text_and_says_so() {
    let stub = WireStub::start().await;
    stub.script(Operation::Converse, Scripted::converse_max_tokens("A table of lipid results: total cholesterol 5.2, LDL"));

    let description = vision(&stub).await.describe(&png(800, 600), ImageFormat::Png, "lab report").await.expect("kept");
    assert!(description.text.starts_with("A table of lipid results: total cholesterol 5.2, LDL"), "{}", description.text);
    assert!(description.text.ends_with(TRUNCATED_MARKER), "{}", description.text);
}

#[tokio::test]
async fn images_converse_would_refuse_are_refused_without_a_call() {
    let stub = WireStub::start().await;
    let vision = vision(&stub).await;
    let mut too_many_bytes = png(2000, 2000);
    too_many_bytes.resize(3_750_001, 0);
    let cases = [
        ("over 3.75 MB", too_many_bytes, ImageFormat::Png),
        ("wider than 8000 px", png(8001, 100), ImageFormat::Png),
        ("taller than 8000 px", jpeg(100, 8001), ImageFormat::Jpeg),
        ("a PNG said to be a JPEG", png(640, 480), ImageFormat::Jpeg),
        ("a header without a size", b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec(), ImageFormat::Jpeg),
        ("empty", Vec::new(), ImageFormat::Png),
    ];
    for (what, image, format) in cases {
        match vision.describe(&image, format, "photo").await {
            Err(PortError::Rejected(reason)) => assert!(!reason.is_empty(), "{what}"),
            other => panic!("{what}: expected Rejected, got {other:?}"),
        }
    }
    assert!(stub.requests_for(Operation::Converse).is_empty(), "no call was made");

    stub.script(Operation::Converse, Scripted::converse_text("A chart."));
    let at_the_limits = vision.describe(&png(8000, 8000), ImageFormat::Png, "").await;
    assert!(at_the_limits.is_ok(), "8000 px a side is accepted: {at_the_limits:?}");
}

#[tokio::test]
async fn throttling_and_an_unready_model_are_unavailable() {
    let stub = WireStub::start().await;
    let vision = vision(&stub).await;
    for scripted in [Scripted::throttling(), Scripted::model_not_ready(), Scripted::service_unavailable()] {
        stub.script(Operation::Converse, scripted);
        match vision.describe(&png(640, 480), ImageFormat::Png, "").await {
            Err(PortError::Unavailable(reason)) => assert!(!reason.contains("please wait"), "no service message: {reason}"),
            other => panic!("expected Unavailable, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn guardrails_filters_and_refused_inputs_are_rejected() {
    let stub = WireStub::start().await;
    let vision = vision(&stub).await;
    for scripted in [
        Scripted::converse_stopped("Sorry, the model cannot answer this question.", "guardrail_intervened"),
        Scripted::converse_stopped("", "content_filtered"),
        Scripted::converse_stopped("", "model_context_window_exceeded"),
        Scripted::validation("messages.0.content.0.image.source.bytes: Could not process image of patient Alex Sample"),
    ] {
        stub.script(Operation::Converse, scripted);
        match vision.describe(&png(640, 480), ImageFormat::Png, "").await {
            Err(PortError::Rejected(reason)) => {
                assert!(!reason.contains("Sorry") && !reason.contains("Alex Sample"), "no model or service text: {reason}")
            }
            other => panic!("expected Rejected, got {other:?}"),
        }
    }

    stub.script(Operation::Converse, Scripted::error(403, "AccessDeniedException", "You don't have access to the model."));
    let denied = vision.describe(&png(640, 480), ImageFormat::Png, "").await;
    assert!(matches!(denied, Err(PortError::Internal(_))), "a missing permission is MediClear's fault: {denied:?}");

    stub.script(Operation::Converse, Scripted::converse_text("   "));
    let blank = vision.describe(&png(640, 480), ImageFormat::Png, "").await;
    assert!(matches!(blank, Err(PortError::InvalidOutput(_))), "{blank:?}");
}
