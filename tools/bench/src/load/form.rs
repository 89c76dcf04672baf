//! `multipart/form-data` bodies, as a browser sends a form with a file: the patients' uploads and
//! the doctors' sign-ups.

/// A form being written.
pub struct Form {
    boundary: String,
    body: Vec<u8>,
}

impl Form {
    pub fn new() -> Form {
        Form { boundary: format!("mediclear-load-{}", uuid::Uuid::new_v4().simple()), body: Vec::new() }
    }

    pub fn field(mut self, name: &str, value: &str) -> Form {
        self.body.extend(format!("--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n", self.boundary).as_bytes());
        self
    }

    pub fn file(mut self, name: &str, file_name: &str, content_type: &str, bytes: &[u8]) -> Form {
        self.body.extend(
            format!("--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n", self.boundary).as_bytes(),
        );
        self.body.extend(bytes);
        self.body.extend(b"\r\n");
        self
    }

    /// `(content type, body)`.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body.extend(format!("--{}--\r\n", self.boundary).as_bytes());
        (format!("multipart/form-data; boundary={}", self.boundary), self.body)
    }
}
