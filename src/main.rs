fn main() -> std::process::ExitCode {
    // The process ends right after the command: freeing a 100k-member model
    // piece by piece costs more than the rules do, and the OS reclaims it
    // at once.
    swatch::cli::run(|leftover| std::mem::forget(leftover)).into()
}
