fn main() -> std::process::ExitCode {
    swatch::cli::run().into()
}
