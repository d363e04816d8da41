fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    match pacta::syntax::parse(pacta::span::FileId(0), &text) {
        Ok(m) => print!("{m}"),
        Err(e) => println!("{e:?}"),
    }
}
