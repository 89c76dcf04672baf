//! Opaque pagination tokens for listings kept in memory order: `base64url(sort ␟ id ␟ checksum)`,
//! the checksum covering the position and the listing's scope (its filters), so an altered token,
//! or one from another listing, is refused (`Rejected("next_token is not valid")`) rather than
//! silently starting somewhere else — as the DynamoDB adapters' tokens are.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use mediclear_ports::PortError;

fn checksum(text: &str) -> String {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("{h:016x}")
}

/// The token continuing after `position` (sort key, id) in the listing described by `scope`.
pub(crate) fn encode(position: &(String, String), scope: &str) -> String {
    let body = format!("{}\u{1f}{}", position.0, position.1);
    let sum = checksum(&format!("{body}\u{1f}{scope}"));
    URL_SAFE_NO_PAD.encode(format!("{body}\u{1f}{sum}"))
}

/// The position a token continues after, if it was issued for `scope`.
pub(crate) fn decode(token: &str, scope: &str) -> Result<(String, String), PortError> {
    let invalid = || PortError::Rejected("next_token is not valid".into());
    let bytes = URL_SAFE_NO_PAD.decode(token).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.split('\u{1f}');
    let (Some(at), Some(id), Some(sum), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    if checksum(&format!("{at}\u{1f}{id}\u{1f}{scope}")) != sum {
        return Err(invalid());
    }
    Ok((at.to_string(), id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_continue_only_their_own_listing() {
        let token = encode(&("2026-01-01".into(), "ID-1".into()), "scope-a");
        assert_eq!(decode(&token, "scope-a").unwrap(), ("2026-01-01".into(), "ID-1".into()));
        assert!(decode(&token, "scope-b").is_err());
        assert!(decode("garbage", "scope-a").is_err());
        let mut altered = token.clone();
        altered.pop();
        assert!(decode(&altered, "scope-a").is_err());
    }
}
