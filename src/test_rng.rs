//! A seeded xorshift generator for randomised tests: reproducible across runs and platforms,
//! with no dependency.

/// `rand(n)` draws from `0..n`; every call of `xorshift()` starts the same sequence.
pub(crate) fn xorshift() -> impl FnMut(usize) -> usize {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}
