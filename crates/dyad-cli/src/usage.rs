//! CPU time and peak memory of this process, from getrusage(2).

/// CPU seconds (user + system) used so far by this process.
pub fn cpu_seconds() -> f64 {
    let r = rusage();
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(r.ru_utime) + tv(r.ru_stime)
}

/// Peak resident set size so far, in MiB.
pub fn peak_rss_mib() -> f64 {
    // Linux reports ru_maxrss in KiB.
    rusage().ru_maxrss as f64 / 1024.0
}

fn rusage() -> libc::rusage {
    // SAFETY: getrusage only writes into the zeroed struct we pass it.
    unsafe {
        let mut r: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut r);
        r
    }
}
