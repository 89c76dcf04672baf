use std::time::Duration;

use mediclear_client_db::Drivers;
use mediclear_domain::reports::schema::DatabaseType;
use mediclear_ports::client_databases::{ClientDatabases, Limits, Target};
use mediclear_testkit::client_dbs::require;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{BOTH, reader};

fn quick() -> Limits {
    Limits { connect_timeout: Duration::from_millis(800), ..Limits::default() }
}

#[tokio::test]
async fn the_reader_is_reachable_authenticated_and_read_only_on_both_servers() {
    if require().is_none() {
        return;
    }
    for database_type in BOTH {
        let check = Drivers.check(&reader(database_type), quick()).await;
        assert!(check.reachable && check.authenticated && check.read_only_possible, "{database_type:?}: {check:?}");
        assert!(check.error.is_none());
        let version = check.server_version.unwrap();
        let expected = if database_type == DatabaseType::PostgreSQL { "PostgreSQL " } else { "MariaDB " };
        assert!(version.starts_with(expected), "{version}");
        assert!(check.latency_ms.is_some());
    }
}

#[tokio::test]
async fn an_unknown_host_a_closed_port_and_silence_are_three_different_answers() {
    let mut target = reader(DatabaseType::PostgreSQL);
    target.host = "no-such-host.invalid".into();
    let check = Drivers.check(&target, quick()).await;
    assert_eq!(check.error.unwrap().code, "UNKNOWN_HOST");
    assert!(!check.reachable);

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    for database_type in BOTH {
        let target = Target { host: "127.0.0.1".into(), port: closed, ..reader(database_type) };
        assert_eq!(Drivers.check(&target, quick()).await.error.unwrap().code, "CONNECTION_REFUSED", "{database_type:?}");
    }

    // Accepts and never says a word: a firewall that swallows packets looks the same to a client.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    for database_type in BOTH {
        let target = Target { host: "127.0.0.1".into(), port, ..reader(database_type) };
        let check = Drivers.check(&target, quick()).await;
        assert_eq!(check.error.unwrap().code, "CONNECT_TIMEOUT", "{database_type:?}");
    }
}

#[tokio::test]
async fn a_wrong_password_and_a_missing_database_are_named() {
    if require().is_none() {
        return;
    }
    // MariaDB checks the password for real.
    let wrong = Target { password: "not-the-password".into(), ..reader(DatabaseType::MySQL) };
    let check = Drivers.check(&wrong, quick()).await;
    assert_eq!(check.error.as_ref().unwrap().code, "AUTHENTICATION_FAILED");
    assert!(check.reachable && !check.authenticated);
    assert!(!check.error.unwrap().message.contains("not-the-password"));

    for database_type in BOTH {
        let missing = Target { database_name: "no_such_database".into(), ..reader(database_type) };
        assert_eq!(Drivers.check(&missing, quick()).await.error.unwrap().code, "DATABASE_NOT_FOUND", "{database_type:?}");
    }
}

/// A PostgreSQL peer that asks for a password and refuses it, as a server with `md5` or `scram`
/// authentication does (the machine's server trusts local connections).
#[tokio::test]
async fn postgres_refusing_the_password_is_an_authentication_failure() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut length = [0u8; 4];
        socket.read_exact(&mut length).await.unwrap();
        let mut startup = vec![0u8; u32::from_be_bytes(length) as usize - 4];
        socket.read_exact(&mut startup).await.unwrap();
        // AuthenticationCleartextPassword
        socket.write_all(&[b'R', 0, 0, 0, 8, 0, 0, 0, 3]).await.unwrap();
        let mut tag = [0u8; 5];
        socket.read_exact(&mut tag).await.unwrap();
        let mut password = vec![0u8; u32::from_be_bytes([tag[1], tag[2], tag[3], tag[4]]) as usize - 4];
        socket.read_exact(&mut password).await.unwrap();
        let mut fields = Vec::new();
        for (code, value) in [(b'S', "FATAL"), (b'C', "28P01"), (b'M', "password authentication failed for user \"mediclear_reader\"")] {
            fields.push(code);
            fields.extend_from_slice(value.as_bytes());
            fields.push(0);
        }
        fields.push(0);
        let mut message = vec![b'E'];
        message.extend_from_slice(&(fields.len() as u32 + 4).to_be_bytes());
        message.extend_from_slice(&fields);
        socket.write_all(&message).await.unwrap();
    });
    let target = Target { host: "127.0.0.1".into(), port, ..reader(DatabaseType::PostgreSQL) };
    let check = Drivers.check(&target, quick()).await;
    assert!(check.reachable && !check.authenticated);
    let error = check.error.unwrap();
    assert_eq!(error.code, "AUTHENTICATION_FAILED");
    assert!(!error.message.contains("mediclear_reader"), "the server's text is not passed on");
}
