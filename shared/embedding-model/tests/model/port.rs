//! The `Embedder` contract: one unit vector per text in order, blank texts zero, long texts cut.

use mediclear_embedding_model::encoder::DIMENSIONS;
use mediclear_embedding_model::model_dir::MAX_TOKENS;
use mediclear_ports::knowledge::Embedder;

use crate::support::{cosine, model};

#[tokio::test]
async fn blank_texts_are_zero_and_order_is_kept() {
    let Some(model) = model() else { return };
    let texts: Vec<String> = ["Knee pain on stairs.", "", "  \n\t ", "Fasting glucose 142 mg/dL."].map(String::from).to_vec();
    let vectors = model.embed(&texts).await.unwrap();
    assert_eq!(vectors.len(), 4);
    assert!(vectors.iter().all(|v| v.len() == DIMENSIONS));
    assert!(vectors[1].iter().chain(&vectors[2]).all(|x| *x == 0.0));
    for (text, v) in [(&texts[0], &vectors[0]), (&texts[3], &vectors[3])] {
        assert!((v.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4, "unit length");
        assert!(cosine(v, &model.embed_blocking(std::slice::from_ref(text)).unwrap()[0]) > 0.99999, "same vector alone");
    }
    assert_eq!(model.model_id(), "all-MiniLM-L6-v2-onnx-int8");
}

#[tokio::test]
async fn long_texts_are_cut_at_the_models_limit() {
    let Some(model) = model() else { return };
    let head = "Progressive right knee pain over three years despite injections and therapy. ".repeat(30);
    let ids = model.tokenizer().encode(&head);
    assert_eq!(ids.len(), MAX_TOKENS);
    let tail = format!("{head} Unrelated: dental cleaning and fluoride varnish scheduled.");
    let v = model.embed(&[head, tail]).await.unwrap();
    assert!(cosine(&v[0], &v[1]) > 0.99999, "text past the limit is not read");
}

#[tokio::test]
async fn related_clinical_wording_is_closer_than_unrelated() {
    let Some(model) = model() else { return };
    let texts: Vec<String> = [
        "Has the patient tried physiotherapy for the knee?",
        "Completed 10 weeks of physical therapy without improvement in knee pain.",
        "Routine dental cleaning and fluoride varnish.",
    ]
    .map(String::from)
    .to_vec();
    let v = model.embed(&texts).await.unwrap();
    assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]) + 0.2);
}

#[tokio::test]
async fn a_remembered_vector_is_the_vector_and_order_is_kept_across_seen_and_unseen_texts() {
    let Some(model) = model() else { return };
    let first: Vec<String> = ["Mammogram 2024: BI-RADS 2, benign.", "Her mother had breast cancer at 52."].map(String::from).to_vec();
    let direct = model.embed_blocking(&first).unwrap();
    let before = model.remembered();
    let once = model.embed(&first).await.unwrap();
    assert!(model.remembered() > before, "the port remembers what it embedded");
    // Seen and unseen texts interleaved: each comes back in its place, the seen ones unchanged.
    let mixed: Vec<String> = ["Dense breasts (ACR category C).", first[1].as_str(), "", first[0].as_str()].map(String::from).to_vec();
    let again = model.embed(&mixed).await.unwrap();
    assert_eq!((again[1].as_slice(), again[3].as_slice()), (once[1].as_slice(), once[0].as_slice()), "a remembered vector is returned as computed");
    assert!(cosine(&again[1], &direct[1]) > 0.99999 && cosine(&again[3], &direct[0]) > 0.99999, "and it is the model's vector");
    assert!(again[2].iter().all(|x| *x == 0.0), "a blank text is still zero");
    let fresh = model.embed_blocking(&mixed[..1]).unwrap();
    assert!(cosine(&again[0], &fresh[0]) > 0.99999, "an unseen text is computed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_goes_ahead_of_every_indexing_call_waiting_for_the_model() {
    let Some(model) = model() else { return };
    // Three documents' worth of texts nobody embedded before, four model runs each, all queued.
    let indexing: Vec<_> = (0..3)
        .map(|d| {
            let texts: Vec<String> =
                (0..4 * 32).map(|i| format!("Queue check {d}-{i}: follow-up visit {i} for right knee pain; plan reviewed with the patient. ").repeat(4)).collect();
            tokio::spawn(async move { model.embed(&texts).await })
        })
        .collect();
    // Two runs begun: every call has tokenized its texts and queued (tokenizing takes
    // milliseconds, a run tens of them), one holds the model.
    let runs_before = model.model_runs();
    while model.model_runs() < runs_before + 2 {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    // A question arrives.
    let question = vec!["Queue check: is my knee getting any better?".to_string()];
    let arrived = model.model_runs();
    let vector = model.embed(&question).await.unwrap();
    let runs_until_answered = model.model_runs() - arrived;
    // Its own run, and at most one indexing run begun as it finished (a run takes hundreds of
    // milliseconds); first come, first served, it would have waited for a run of each waiting
    // call too.
    assert!(runs_until_answered <= 2, "{runs_until_answered} model runs began between the question's arrival and its answer");
    assert!(cosine(&vector[0], &model.embed_blocking(&question).unwrap()[0]) > 0.99999, "and it is the model's vector");
    for call in indexing {
        let vectors = call.await.unwrap().unwrap();
        assert_eq!(vectors.len(), 4 * 32);
        assert!(vectors.iter().all(|v| (v.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4), "every indexing call still gets every vector");
    }
}
