//! Rules of the workspace a reviewer would otherwise check by hand: every native entry
//! point catches panics, and the production addon links no HTTP server.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `(file:line, attribute)` of every `#[napi…]` attribute that exports a function,
/// method, constructor, getter or setter (not structs, impls, enums or consts).
fn native_entry_points() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src"), &mut files);
    for krate in fs::read_dir(Path::new(ROOT).join("crates"))
        .unwrap()
        .flatten()
    {
        rust_files(&krate.path().join("src"), &mut files);
    }
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i].trim();
            let is_napi = line.starts_with("#[napi(")
                || line == "#[napi]"
                || line.starts_with("#[napi_derive::napi");
            if !is_napi {
                i += 1;
                continue;
            }
            let at = i;
            // The attribute (it may span lines), then what it is on: the first line that is
            // neither an attribute, a doc comment nor a comment.
            let mut attr = line.to_string();
            while !attr.ends_with(']') && i + 1 < lines.len() {
                i += 1;
                attr.push_str(lines[i].trim());
            }
            let item = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !(l.starts_with('#') || l.starts_with("//") || l.is_empty()))
                .unwrap_or("");
            let words: Vec<&str> = item.split_whitespace().collect();
            let is_fn = words
                .iter()
                .take_while(|w| !w.contains('('))
                .any(|w| *w == "fn");
            if is_fn {
                let rel = file.strip_prefix(ROOT).unwrap().display().to_string();
                found.push((format!("{rel}:{}", at + 1), attr));
            }
            i += 1;
        }
    }
    found
}

#[test]
fn every_native_entry_point_catches_panics() {
    let entries = native_entry_points();
    // The finder itself works: the SDK and the emulator export dozens of functions.
    assert!(entries.len() >= 30, "found only {entries:?}");
    let missing: Vec<String> = entries
        .iter()
        .filter(|(_, attr)| !attr.contains("catch_unwind"))
        .map(|(at, attr)| format!("{at}: {attr}"))
        .collect();
    assert!(
        missing.is_empty(),
        "a panic here would abort Node; add catch_unwind to:\n{}",
        missing.join("\n")
    );
}

/// Every package each workspace package depends on (Cargo.lock: normal, build and dev).
fn dependency_closure(package: &str) -> BTreeSet<String> {
    let lock = fs::read_to_string(Path::new(ROOT).join("Cargo.lock")).unwrap();
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let mut name = String::new();
        let mut list = Vec::new();
        let mut in_deps = false;
        for line in block.lines() {
            let line = line.trim();
            if let Some(n) = line.strip_prefix("name = ") {
                name = n.trim_matches('"').to_string();
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                let dep = line.trim_matches(|c| c == '"' || c == ',');
                list.push(dep.split(' ').next().unwrap().to_string());
            }
        }
        deps.entry(name).or_default().extend(list);
    }
    let mut seen = BTreeSet::new();
    let mut todo = vec![package.to_string()];
    while let Some(p) = todo.pop() {
        if seen.insert(p.clone()) {
            todo.extend(deps.get(&p).into_iter().flatten().cloned());
        }
    }
    seen
}

#[test]
fn the_sdk_addon_links_no_http_server_and_no_emulator() {
    let sdk = dependency_closure("clerk-sdk-node-rs");
    assert!(sdk.contains("reqwest"), "the closure is read: {sdk:?}");
    for server in ["clerk-emulator", "axum", "axum-core", "matchit"] {
        assert!(
            !sdk.contains(server),
            "clerk-sdk-node-rs depends on {server}"
        );
    }
    let emulator = dependency_closure("clerk-emulator");
    assert!(emulator.contains("axum"), "the emulator's server is axum");
}
