//! Real HTTP servers on 127.0.0.1 for the live tests: each is a std TcpListener on an ephemeral
//! port served by one thread that answers a fixed number of requests and then returns what it
//! recorded, or gives up at a deadline, so every thread ends and every test is bounded.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

pub const SERVER_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct Req {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

pub fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

pub fn listen() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    (listener, base)
}

/// Accept the next connection, or `None` once `deadline` has passed.
pub fn accept(listener: &TcpListener, deadline: Instant) -> Option<TcpStream> {
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                return Some(stream);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(_) => return None,
        }
    }
}

/// A tiny HTTP/1.1 responder: answers `max` requests with `handler`, then returns them.
pub fn serve<F>(max: usize, handler: F) -> (String, JoinHandle<Vec<Req>>)
where
    F: Fn(&Req) -> Reply + Send + 'static,
{
    let (listener, base) = listen();
    let handle = thread::spawn(move || {
        let deadline = Instant::now() + SERVER_DEADLINE;
        let mut seen = Vec::new();
        while seen.len() < max {
            let Some(mut stream) = accept(&listener, deadline) else {
                break;
            };
            let Some(req) = read_request(&mut stream) else {
                continue;
            };
            let r = handler(&req);
            let mut head = format!(
                "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                r.status,
                reason(r.status),
                r.body.len()
            );
            for (k, v) in &r.headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            // The client may hang up early (body cap); that is not the server's problem.
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&r.body));
            let _ = stream.shutdown(Shutdown::Write);
            seen.push(req);
        }
        seen
    });
    (base, handle)
}

pub fn read_request(stream: &mut TcpStream) -> Option<Req> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let method = start.next()?.to_string();
    let target = start.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Req {
        method,
        target,
        headers,
        body,
    })
}

pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// Accepts one connection and never answers; ends when the client hangs up (or at a deadline).
pub fn silent() -> (String, JoinHandle<bool>) {
    let (listener, base) = listen();
    let handle = thread::spawn(move || {
        let Some(mut stream) = accept(&listener, Instant::now() + SERVER_DEADLINE) else {
            return false;
        };
        let mut sink = [0u8; 4096];
        while let Ok(n) = stream.read(&mut sink) {
            if n == 0 {
                break;
            }
        }
        true
    });
    (base, handle)
}
