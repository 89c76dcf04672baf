//! mediclear-documents against real PDFs (fetched by `scripts/fetch-fixtures.sh`) and PDFs built
//! here, hostile ones included, and through the `TextExtractor` port.

mod content_bombs;
mod corpus;
mod fixtures;
mod hostile;
mod images;
mod port;
mod reading;
mod synthetic;
