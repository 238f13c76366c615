fn main() {
    std::process::exit(egress::cli::main());
}
