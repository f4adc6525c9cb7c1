//! Sets up the linker for a Node-API addon (e.g. `-undefined dynamic_lookup` on macOS).

fn main() {
    napi_build::setup();
}
