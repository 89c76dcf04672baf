"""Prints reference.json (see make-reference.sh). Each text is encoded on its own, unpadded."""

import json
import sys

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2

LONG = " ".join(
    [
        "History of present illness: the patient reports progressive right knee pain over three years,",
        "worse with stairs and prolonged standing, partially relieved by NSAIDs and one corticosteroid",
        "injection in November that helped for about six weeks. She completed ten weeks of supervised",
        "physical therapy with good adherence to the home exercise programme but no lasting benefit.",
    ]
    * 4
)

SENTENCES = [
    "Severe osteoarthritis of the right knee with bone-on-bone contact on standing radiographs.",
    "Patient completed 10 weeks of physical therapy without meaningful improvement; pain remains 7/10 on stairs.",
    "BP 128/82 mmHg, HR 76, BMI 41.3 kg/m² — afebrile.",
    "Café au lait spots noted; naïve to biologics. Zoë's GP référé the patient in São Paulo.",
    "Denies chest pain, shortness of breath, or syncope.",
    "Metformin 500 mg PO BID; HbA1c 8.2% (was 9.1%) — titrate to 1000mg.",
    "The patient's mother had breast cancer at age 45 (BRCA1 positive).",
    "MRI lumbar spine: L4-L5 disc herniation with S1 nerve-root compression.",
    "Knee",
    "患者膝关节疼痛 knee pain",
    "Assessment:\tstable.\r\nPlan:\u200b follow up in 6\u00a0weeks.",
    "ICD-10 M17.11, CPT 27447 — total knee arthroplasty requested.",
    LONG,
]


def main() -> None:
    model_dir = sys.argv[1]
    tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    # The file pads and truncates to 128; the model's pipeline uses 256 and no padding per text.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    session = ort.InferenceSession(f"{model_dir}/model.onnx", providers=["CPUExecutionProvider"])
    out = []
    for text in SENTENCES:
        encoding = tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        vector = pooled[0] / max(np.linalg.norm(pooled[0]), 1e-12)
        out.append({"text": text, "ids": encoding.ids, "vector": [round(float(x), 4) for x in vector]})
    json.dump(
        {
            "model": "all-MiniLM-L6-v2-onnx-int8 (model.onnx sha256 8199be6f…)",
            "made_by": "shared/embedding-model/tests/reference/make-reference.sh",
            "max_tokens": MAX_TOKENS,
            "sentences": out,
        },
        sys.stdout,
        ensure_ascii=False,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
