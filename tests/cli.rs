//! CLI snapshot tests: each `tests/cmd/*.toml` runs `unspin` and compares its output and exit code.
//! Update snapshots after an intended change with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml").case("tests/cmd/*.md");
}
