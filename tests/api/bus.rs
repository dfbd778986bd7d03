//! The notification bus: local delivery, isolation between users, and on PostgreSQL delivery
//! between two server instances that share only the database.

use std::time::Duration;

use interact_service::bus::{Event, Topic};
use interact_service::{Config, Ctx};
use interact_store::Db;

use crate::common::*;

fn ctx_on(url: &str) -> Ctx {
    let db = Db::connect(url, 4).unwrap();
    db.migrate().unwrap();
    Ctx::new(db, Config::default())
}

async fn next(sub: &mut interact_service::bus::Subscription) -> Option<Event> {
    tokio::time::timeout(Duration::from_secs(5), sub.events.recv())
        .await
        .ok()
        .flatten()
}

#[actix_rt::test]
async fn delivers_to_the_users_subscribers_only() {
    let db = TestDb::new();
    let ctx = ctx_on(&db.url);
    let mut a1 = ctx.bus.subscribe(1);
    let mut a2 = ctx.bus.subscribe(1);
    let mut b = ctx.bus.subscribe(2);
    let ev = Event {
        user_id: 1,
        topic: Topic::Interaction,
        id: 42,
    };
    ctx.bus.publish(ev).await.unwrap();
    assert_eq!(next(&mut a1).await, Some(ev));
    assert_eq!(next(&mut a2).await, Some(ev));
    assert!(
        tokio::time::timeout(Duration::from_millis(200), b.events.recv())
            .await
            .is_err(),
        "user 2 must not see user 1's events"
    );
    assert_eq!(ctx.bus.subscribers(1), 2);
    drop(a1);
    assert_eq!(ctx.bus.subscribers(1), 1);
    drop(a2);
    assert_eq!(ctx.bus.subscribers(1), 0);
    ctx.bus.shutdown();
}

#[actix_rt::test]
async fn crosses_server_instances_on_postgres() {
    if !is_postgres() {
        return; // One SQLite process is the whole deployment: nothing to cross.
    }
    let db = TestDb::new();
    let a = ctx_on(&db.url);
    let b = ctx_on(&db.url);
    let mut on_b = b.bus.subscribe(7);
    let mut on_a = a.bus.subscribe(7);
    // Give B's listener a moment to connect and LISTEN.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ev = Event {
        user_id: 7,
        topic: Topic::SyncHint,
        id: 3,
    };
    a.bus.publish(ev).await.unwrap();
    assert_eq!(next(&mut on_b).await, Some(ev), "B receives A's event");
    assert_eq!(
        next(&mut on_a).await,
        Some(ev),
        "A receives its own event once"
    );
    assert!(
        tokio::time::timeout(Duration::from_millis(200), on_a.events.recv())
            .await
            .is_err(),
        "A must not receive its own event a second time through PostgreSQL"
    );
    a.bus.shutdown();
    b.bus.shutdown();
}
