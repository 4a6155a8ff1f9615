fn main() {
    napi_build::setup();
    // A windows-gnu DLL exports what a .def file given to the linker lists. cargo-zigbuild
    // drops the one rustc writes (zig's linker would not take it as `-Wl,`), and aws-lc's
    // own `dllexport`s then leave N-API's entry point out: name it ourselves.
    let target = |key| std::env::var(key).unwrap_or_default();
    if target("CARGO_CFG_TARGET_OS") == "windows" && target("CARGO_CFG_TARGET_ENV") == "gnu" {
        let def = std::path::Path::new(&target("CARGO_MANIFEST_DIR")).join("windows-exports.def");
        println!("cargo:rerun-if-changed={}", def.display());
        println!("cargo:rustc-cdylib-link-arg={}", def.display());
    }
}
