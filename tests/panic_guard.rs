//! A Rust panic in a native call reaches JS as an Error and Node goes on: the debug
//! addon that `cargo test --features fuzzing` builds (it exports `panicProbe`) is loaded
//! into a real Node process. The production addon has no probe (see `layout.rs`).

use std::path::PathBuf;
use std::process::Command;

/// The cdylib cargo built for this test run, next to this test's own binary.
fn addon() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the deps folder");
    let lib = deps.join("libclerk_sdk_node_rs.so");
    assert!(
        lib.exists(),
        "no {} (cargo builds it for the integration tests)",
        lib.display()
    );
    lib
}

#[test]
fn a_panic_in_a_native_call_is_a_js_error_and_node_lives_on() {
    let script = r#"
        const addon = { exports: {} };
        process.dlopen(addon, process.argv[1]);
        const { panicProbe, endpointTable } = addon.exports;
        const caught = [];
        for (let i = 0; i < 2; i++) {
          try { panicProbe(); caught.push('returned'); } catch (e) { caught.push(e instanceof Error ? e.message : typeof e); }
        }
        console.log(JSON.stringify({ caught, alive: endpointTable().length > 0 }));
    "#;
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(addon())
        .output()
        .expect("node on PATH");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "node died: {:?}\n{stderr}",
        out.status
    );
    let v: serde_json::Value = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("node printed {stdout:?} ({e})\n{stderr}"));
    let caught = v["caught"].as_array().expect("caught");
    assert_eq!(caught.len(), 2);
    for c in caught {
        let m = c.as_str().unwrap_or_default();
        assert!(m.contains("panic probe"), "not the panic's Error: {c}");
    }
    assert_eq!(v["alive"], true, "the addon still answers after two panics");
}
