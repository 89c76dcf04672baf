//! Placeholder: being written (policy criteria parsing).
