//! Placeholder: being written (offline evidence matcher).
