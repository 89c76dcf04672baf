//! The `ConnectionStore` contract (ports::realtime).

use mediclear_domain::identity::Role;
use mediclear_domain::realtime::Channel;
use mediclear_ports::PortError;
use mediclear_ports::realtime::ConnectionStore;

use super::fixtures;
use crate::unique;

/// Runs every connection-store check.
pub async fn connection_store(store: &dyn ConnectionStore) {
    let connection = unique("conn");
    let caller = fixtures::caller(Role::Provider);
    let own = Channel::Provider(caller.provider_id().expect("a provider caller").clone());
    let queue = Channel::InsurerQueue;

    assert_eq!(store.connection(&connection).await.expect("read an unknown connection"), None, "an unknown connection reads as None");
    store.connect(&connection, &caller).await.expect("connect");
    let info = store.connection(&connection).await.unwrap().expect("the connection just made");
    assert_eq!((info.connection_id.as_str(), &info.caller, info.channels.len()), (connection.as_str(), &caller, 0), "a new connection has its caller and no channels");

    store.subscribe(&connection, &own).await.expect("subscribe");
    store.subscribe(&connection, &own).await.expect("subscribing twice is harmless");
    store.subscribe(&connection, &queue).await.expect("subscribe to a second channel");
    let mut channels = store.connection(&connection).await.unwrap().unwrap().channels;
    channels.sort();
    let mut expected = vec![own.to_string(), queue.to_string()];
    expected.sort();
    assert_eq!(channels, expected, "a connection lists each channel it subscribed to, once");
    assert_eq!(store.subscribers(&own).await.unwrap(), vec![connection.clone()], "a channel lists its subscriber once");
    assert!(store.subscribers(&queue).await.unwrap().contains(&connection), "the queue lists the subscriber");

    let stranger = unique("conn");
    assert_eq!(store.subscribe(&stranger, &own).await, Err(PortError::NotFound), "subscribing an unknown connection is NotFound");
    assert!(!store.subscribers(&own).await.unwrap().contains(&stranger), "a refused subscription leaves nothing behind");

    // Delivery claims: once only, released claims can be claimed again, and concurrent claims
    // of one key have one winner.
    let key = unique("PA") + "#v3";
    assert!(store.claim_delivery(&connection, &key).await.unwrap(), "the first claim wins");
    assert!(!store.claim_delivery(&connection, &key).await.unwrap(), "a second claim of the same delivery loses");
    assert!(store.claim_delivery(&connection, &(unique("PA") + "#v3")).await.unwrap(), "another delivery is claimed independently");
    let other_connection = unique("conn");
    store.connect(&other_connection, &caller).await.unwrap();
    assert!(store.claim_delivery(&other_connection, &key).await.unwrap(), "the same delivery to another connection is its own claim");
    store.release_delivery(&connection, &key).await.expect("release");
    assert!(store.claim_delivery(&connection, &key).await.unwrap(), "a released claim can be claimed again");
    let racing = unique("PA");
    let claims = futures::future::join_all((0..6).map(|_| store.claim_delivery(&connection, &racing))).await;
    assert_eq!(claims.iter().filter(|c| matches!(c, Ok(true))).count(), 1, "six concurrent claims: exactly one wins ({claims:?})");

    store.disconnect(&connection).await.expect("disconnect");
    assert_eq!(store.connection(&connection).await.unwrap(), None, "a disconnected connection is forgotten");
    assert!(store.subscribers(&own).await.unwrap().is_empty(), "its subscriptions are gone");
    assert!(!store.subscribers(&queue).await.unwrap().contains(&connection), "from every channel");
    store.disconnect(&connection).await.expect("disconnecting twice is harmless");
    store.disconnect(&unique("conn")).await.expect("disconnecting an unknown connection is harmless");
    assert!(store.connection(&other_connection).await.unwrap().is_some(), "other connections stay");
    store.disconnect(&other_connection).await.unwrap();
}
