//! Websocket clients of the push socket: a registered device, a connection, the next message.

use std::time::Duration;

use awc::error::WsProtocolError;
use awc::ws::{Frame, Message};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use serde_json::{json, Value};

use super::TestApp;

/// A client websocket.
pub trait Socket:
    Stream<Item = Result<Frame, WsProtocolError>> + Sink<Message, Error = WsProtocolError> + Unpin
{
}
impl<T> Socket for T where
    T: Stream<Item = Result<Frame, WsProtocolError>>
        + Sink<Message, Error = WsProtocolError>
        + Unpin
{
}

/// A registered device of the holder of `token`: its 64-hex-digit `deviceId`.
pub async fn device(app: &TestApp, token: &str, seed: u8) -> String {
    let id = format!("{seed:02x}").repeat(32);
    let r = app
        .put(
            "/v2/devices",
            token,
            json!({"deviceId": id, "decoded": true, "name": "phone"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    id
}

pub async fn connect(
    app: &TestApp,
    path: &str,
    device: &str,
    token: &str,
) -> Result<impl Socket, u16> {
    let url = format!(
        "ws://{}{path}?deviceId={device}&authToken={token}",
        app.addr
    );
    match awc::Client::new().ws(url).connect().await {
        Ok((_, socket)) => Ok(socket),
        Err(awc::error::WsClientError::InvalidResponseStatus(s)) => Err(s.as_u16()),
        Err(e) => panic!("websocket connect: {e}"),
    }
}

/// The next text message, answering pings; `None` if none arrives within `wait`.
pub async fn next_json(socket: &mut impl Socket, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let frame = tokio::time::timeout_at(deadline, socket.next())
            .await
            .ok()??;
        match frame.expect("frame") {
            Frame::Text(t) => return Some(serde_json::from_slice(&t).expect("json")),
            Frame::Ping(p) => socket.send(Message::Pong(p)).await.expect("pong"),
            Frame::Close(_) => return None,
            _ => {}
        }
    }
}
