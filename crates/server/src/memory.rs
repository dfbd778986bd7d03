//! The server process's memory: a bound on the allocator's arenas.

/// glibc's malloc gives threads that allocate at the same time arenas of their own, up to
/// eight per core, and keeps what is freed in each for later reuse. Database calls run on
/// tokio's blocking threads, which come and go under load, and free on one thread what was
/// allocated on another; the arenas fill with fragments and the resident size creeps up
/// under steady load without anything leaking (docs/performance.md, "Memory under steady
/// load"). Two arenas keep it level at no measurable cost in throughput. A `MALLOC_ARENA_MAX`
/// set in the environment wins (glibc reads it itself). Other allocators: nothing to do.
pub fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter; called once at start, before any
        // other thread exists.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}
