//! Renders a model JSON file into a docs directory: `cargo run -p apiscrape-emit-docs --example render-docs -- MODEL OUT`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, model, out] = args.as_slice() else {
        eprintln!("usage: render-docs MODEL.json OUT_DIR");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(model).expect("read model");
    let api: apiscrape_model::Api = serde_json::from_str(&text).expect("parse model");
    let api = apiscrape_model::finish(api).expect("finish model");
    let files = match apiscrape_emit_docs::generate(&api, &Default::default()) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    for (path, contents) in files {
        let p = std::path::Path::new(out).join(path);
        std::fs::create_dir_all(p.parent().unwrap()).expect("mkdir");
        std::fs::write(p, contents).expect("write");
    }
}
