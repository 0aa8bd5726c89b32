//! The wasm build's allocator: dlmalloc, as std uses on wasm, with the instance's memory
//! grown in steps of at least an eighth of its size (and 4 MiB) rather than by exactly what
//! each allocation lacks.
//!
//! Why: a `memory.grow` costs V8 about a millisecond whatever its size (in Node's V8 here,
//! 199 grows of 1 MiB took 74–142 ms, one grow of 200 MiB 1 ms), and std's allocator grew
//! the worker's memory 261 times while the page opened on its sample: 255 ms of the
//! worker's time in a Chromium trace on this machine. Pages grown and not yet touched are
//! not resident, so the page holds no more memory than before.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 65_536;
const LEAST_STEP: usize = 4 << 20;

/// Hands dlmalloc new memory from `memory.grow`, a step at a time.
struct GrowInSteps;

// SAFETY: every region handed out is fresh from `memory.grow` (zeroed, owned by no one
// else) and never given back; dlmalloc merges a region that follows its last one and
// keeps any other as a segment of its own. (The linker's few KiB past `__heap_base`,
// which dlmalloc's own wasm back end also hands over, are left unused.)
unsafe impl dlmalloc::Allocator for GrowInSteps {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let eighth = wasm32::memory_size::<0>() * (PAGE / 8);
        // The step first; near the 4 GiB limit, only what is asked for.
        for want in [size.max(eighth).max(LEAST_STEP), size] {
            let pages = want.div_ceil(PAGE);
            let before = wasm32::memory_grow::<0>(pages);
            if before != usize::MAX {
                let (base, bytes) = (before * PAGE, pages * PAGE);
                // A region ending at 4 GiB would let a pointer wrap to 0, which Rust does
                // not allow: its last bytes are kept back, as dlmalloc's own back end does.
                let usable = if base.wrapping_add(bytes) == 0 { bytes - 16 } else { bytes };
                return (base as *mut u8, usable, 0);
            }
        }
        (ptr::null_mut(), 0, 0)
    }

    // Wasm memory never shrinks or moves.
    fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        ptr::null_mut()
    }

    fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
        false
    }

    fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        false
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

struct SteppedDlmalloc(UnsafeCell<dlmalloc::Dlmalloc<GrowInSteps>>);

// SAFETY: without the atomics feature a wasm instance runs on one thread, so the allocator
// is never entered from two at once (std's own wasm allocator relies on the same).
unsafe impl Sync for SteppedDlmalloc {}

// Never inlined: inlined, dlmalloc's body went into every allocating call site and the
// wasm grew by 300 KB (5.18 → 5.48 MB); std's allocator is a call too.
unsafe impl GlobalAlloc for SteppedDlmalloc {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread (above); dlmalloc's contract is GlobalAlloc's.
        unsafe { (*self.0.get()).malloc(layout.size(), layout.align()) }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe { (*self.0.get()).calloc(layout.size(), layout.align()) }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `alloc`; `ptr` came from this allocator with `layout`.
        unsafe { (*self.0.get()).free(ptr, layout.size(), layout.align()) }
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `dealloc`.
        unsafe { (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: SteppedDlmalloc =
    SteppedDlmalloc(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(GrowInSteps)));
