//! Caller data and Backend API answers nest as deep as they like (metadata can). JSON is
//! read with serde_json's recursion limit on the first try, which costs nothing; text
//! nested deeper is read again on a stack that grows on the heap (serde_stacker), and the
//! recursive walks over such data grow their stack the same way (`grow`). Nothing here
//! drops or rejects data for its depth.

use serde::de::DeserializeSeed;

/// Levels a recursive walk takes on the thread's own stack before it checks for room.
const SHALLOW: usize = 64;
/// Room kept free below the stack's end, and the size of each heap segment added.
const RED_ZONE: usize = 128 * 1024;
const SEGMENT: usize = 2 * 1024 * 1024;

/// Runs one level of a recursive walk at `depth`, on a new stack segment when the
/// current one is nearly used up.
#[inline]
pub fn grow<R>(depth: usize, f: impl FnOnce() -> R) -> R {
    if depth < SHALLOW {
        f()
    } else {
        stacker::maybe_grow(RED_ZONE, SEGMENT, f)
    }
}

fn too_deep(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// Reads the JSON text `text` with a fresh seed from `seed`, at any depth. The flag says
/// whether the text nested deeper than serde_json's limit (such a value is taken apart
/// with `dismantle`-style loops rather than recursive drops).
pub fn parse<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    mut seed: impl FnMut() -> S,
) -> Result<(S::Value, bool), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let first = seed()
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    match first {
        Err(e) if too_deep(&e) => {
            let mut de = serde_json::Deserializer::from_str(text);
            de.disable_recursion_limit();
            let mut stacked = serde_stacker::Deserializer::new(&mut de);
            stacked.red_zone = RED_ZONE;
            stacked.stack_size = SEGMENT;
            let v = seed().deserialize(stacked)?;
            de.end()?;
            Ok((v, true))
        }
        other => other.map(|v| (v, false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::marker::PhantomData;

    #[test]
    fn deep_text_parses_and_shallow_text_takes_the_fast_path() {
        type V = serde_json::Value;
        let deep = format!("{}{}", "[".repeat(1_000), "]".repeat(1_000));
        let (v, was_deep) = parse(&deep, || PhantomData::<V>).unwrap();
        assert_eq!(v.to_string(), deep);
        assert!(was_deep);
        let (_, was_deep) = parse("[[1]]", || PhantomData::<V>).unwrap();
        assert!(!was_deep);
        assert!(parse("[[1]", || PhantomData::<V>).is_err());
        assert!(parse(&format!("{deep}]"), || PhantomData::<V>).is_err());
    }

    #[test]
    fn grow_runs_deep_recursion_without_overflow() {
        fn down(n: usize) -> usize {
            grow(n, || if n == 0 { 0 } else { 1 + down(n - 1) })
        }
        // Run on a small thread stack so that recursion without growth would overflow.
        let t = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(|| down(200_000))
            .unwrap();
        assert_eq!(t.join().unwrap(), 200_000);
    }
}
