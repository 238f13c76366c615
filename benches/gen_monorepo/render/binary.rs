//! Binary files (png, ELF .so, jar) with optional hazard literals after NUL bytes.

use crate::lang::Lang;
use crate::rng::Rng;

pub fn generate(lang: Lang, r: &mut Rng, size: usize, literal: bool, out: &mut Vec<u8>) {
    match lang {
        Lang::Png => out.extend_from_slice(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66\0\0\x20\0IDAT"),
        Lang::So => {
            out.extend_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0");
            out.extend_from_slice(b"\0.text\0.data\0.rodata\0.bss\0libc.so.6\0GLIBC_2.17\0");
        }
        _ => out.extend_from_slice(b"PK\x03\x04\x14\0\x08\x08\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x14\0\0\0META-INF/MANIFEST.MF"),
    }
    let lit_at = if literal { size / 2 } else { usize::MAX };
    while out.len() < size {
        if out.len() >= lit_at {
            out.extend_from_slice(b"\0\0DYNO\0postgres://u:p@db.example.com:5432/app\0\0");
            // only once
            let rest = size.saturating_sub(out.len());
            let mut tail = Vec::with_capacity(rest);
            while tail.len() < rest {
                push_noise(r, &mut tail);
            }
            out.extend_from_slice(&tail);
            break;
        }
        push_noise(r, out);
    }
    out.truncate(size);
}

fn push_noise(r: &mut Rng, out: &mut Vec<u8>) {
    let x = r.next_u64();
    if x & 7 < 2 {
        out.extend_from_slice(&[0u8; 8]); // runs of NULs
    } else {
        out.extend_from_slice(&x.to_le_bytes());
    }
}
