//! Small PDFs built in the test, for shapes the fetched corpora do not have: hostile structures,
//! mixed scanned and typed pages, exact expected text.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// Builds a PDF page by page. Text is Helvetica (a standard font: no font file needed).
pub struct PdfBuilder {
    doc: Document,
    pages_id: ObjectId,
    font_id: ObjectId,
    image_id: ObjectId,
    pages: Vec<ObjectId>,
}

impl PdfBuilder {
    pub fn new() -> Self {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
        });
        let image_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 2,
                "Height" => 2,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            vec![0, 255, 255, 0],
        ));
        PdfBuilder { doc, pages_id, font_id, image_id, pages: Vec::new() }
    }

    pub fn doc(&mut self) -> &mut Document {
        &mut self.doc
    }

    /// Resources naming the font `F1` and the image `Im0`.
    pub fn resources(&self) -> Dictionary {
        dictionary! {
            "Font" => dictionary! { "F1" => self.font_id },
            "XObject" => dictionary! { "Im0" => self.image_id },
        }
    }

    /// A page with `lines` of 12 pt text, 14 pt apart, from the top left.
    pub fn text_page(&mut self, lines: &[&str]) -> ObjectId {
        self.page(text_operations(lines), self.resources())
    }

    /// A page that only draws an image: what a scanner produces.
    pub fn scanned_page(&mut self) -> ObjectId {
        self.page(page_image(), self.resources())
    }

    /// A page-sized image with `lines` of text on it, the first at `top` points from the bottom.
    pub fn scanned_page_with_text(&mut self, lines: &[&str], top: i64) -> ObjectId {
        let mut operations = page_image();
        operations.extend(text_operations_at(lines, top));
        self.page(operations, self.resources())
    }

    pub fn page(&mut self, operations: Vec<Operation>, resources: Dictionary) -> ObjectId {
        let content = Content { operations }.encode().expect("encodable content");
        self.page_with_content(Stream::new(Dictionary::new(), content), resources)
    }

    pub fn page_with_content(&mut self, content: Stream, resources: Dictionary) -> ObjectId {
        let content_id = self.doc.add_object(content);
        self.page_with_content_id(content_id, resources)
    }

    /// A page drawn by the content stream `content_id`, which other pages may share.
    pub fn page_with_content_id(&mut self, content_id: ObjectId, resources: Dictionary) -> ObjectId {
        let page_id = self.doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
            "Resources" => resources,
        });
        self.pages.push(page_id);
        page_id
    }

    /// A form XObject drawing `operations`, with its own resources.
    pub fn form(&mut self, operations: Vec<Operation>, resources: Dictionary) -> ObjectId {
        let content = Content { operations }.encode().expect("encodable content");
        self.form_with_content(Stream::new(Dictionary::new(), content), resources)
    }

    /// A form XObject whose drawing instructions are `content` (compressed or not), with its own
    /// resources.
    pub fn form_with_content(&mut self, mut content: Stream, resources: Dictionary) -> ObjectId {
        content.dict.set("Type", "XObject");
        content.dict.set("Subtype", "Form");
        content.dict.set("BBox", vec![0.into(), 0.into(), 612.into(), 792.into()]);
        content.dict.set("Resources", resources);
        self.doc.add_object(content)
    }

    pub fn build(self) -> Vec<u8> {
        let mut doc = self.build_document();
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).expect("a built PDF saves");
        bytes
    }

    /// The document, for changes the builder does not make.
    pub fn build_document(mut self) -> Document {
        let count = self.pages.len() as i64;
        let kids: Vec<Object> = self.pages.iter().map(|&id| id.into()).collect();
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog_id = self.doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog_id);
        self.doc
    }
}

/// Operations that draw the image `Im0` over most of a Letter page, as a scanner does.
fn page_image() -> Vec<Operation> {
    vec![
        Operation::new("q", vec![]),
        Operation::new("cm", vec![560.into(), 0.into(), 0.into(), 740.into(), 26.into(), 26.into()]),
        Operation::new("Do", vec![Object::Name(b"Im0".to_vec())]),
        Operation::new("Q", vec![]),
    ]
}

/// Operations that show `lines` in Helvetica 12 pt, one under the other, from the top left.
pub fn text_operations(lines: &[&str]) -> Vec<Operation> {
    text_operations_at(lines, 720)
}

/// [`text_operations`] with the first line at `top` points from the bottom of the page.
pub fn text_operations_at(lines: &[&str], top: i64) -> Vec<Operation> {
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), 12.into()]),
        Operation::new("Td", vec![72.into(), top.into()]),
    ];
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            operations.push(Operation::new("Td", vec![0.into(), (-14).into()]));
        }
        operations.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
    }
    operations.push(Operation::new("ET", vec![]));
    operations
}

/// `Do` for the named XObject.
pub fn draw(name: &str) -> Operation {
    Operation::new("Do", vec![Object::Name(name.as_bytes().to_vec())])
}
