//! Large buffers (a 100 MB history, its cells, their offsets) backed by huge pages where the
//! system offers them on request (Linux transparent huge pages in `madvise` mode, the Debian
//! default). Each first touch of a 4 KB page is a page fault, and in virtual machines a fault
//! costs microseconds: a million-row import spent a third of its time in them.

/// Below this, buffers are left to the allocator as they are.
const HUGE: usize = 8 << 20;

/// `Vec::with_capacity(n)`, with huge pages asked for when `n` elements are large.
pub fn with_capacity<T>(n: usize) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    advise(
        v.as_mut_ptr() as *mut u8,
        n.saturating_mul(std::mem::size_of::<T>()),
    );
    v
}

/// `vec![0u8; n]`, with huge pages asked for when `n` is large. The zeroed memory of a large
/// allocation comes fresh from the system, so advising it before the first write is in time.
pub fn zeroed(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    advise(v.as_mut_ptr(), n);
    v
}

/// Reads a whole file into a buffer advised as above.
pub fn read_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len() as usize);
    let mut buf = with_capacity(size.saturating_add(1));
    file.read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(target_os = "linux")]
fn advise(ptr: *mut u8, len: usize) {
    if len < HUGE {
        return;
    }
    // madvise wants a page-aligned start: advise the aligned part of the buffer.
    let page = 4096;
    let start = (ptr as usize).div_ceil(page) * page;
    let end = ptr as usize + len;
    if end <= start {
        return;
    }
    // SAFETY: the range lies inside one live allocation of this process, and MADV_HUGEPAGE only
    // changes how the kernel backs it (no contents are changed or freed). A failure (THP
    // disabled) is harmless and ignored.
    unsafe {
        libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_ptr: *mut u8, _len: usize) {}
