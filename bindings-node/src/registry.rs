//! TOTPs by number: the handles by which `TOTP.verify`, the package's hot path, names its
//! TOTP to the native function (`totp_verify` in [`crate::totp`]).
//!
//! The measured reason (`docs/benchmarks.md`, "TOTP verification"; `perf record` on a loop of
//! valid-code calls): finding the Rust object of `this` through Node-API is two private-symbol
//! lookups, `napi_check_object_type_tag` (a `BigInt` tag compared word by word) and
//! `napi_unwrap`, 33 % of the samples once napi-rs's own per-call work was gone. With the
//! handle, the `WeakMap` lookup and [`with_totp`] take about 5 %, and the call went from
//! 0.60 µs to 0.33 µs in the same run (medians of 5 alternating runs on a loaded 2-core
//! machine). A private class field instead of the `WeakMap` measured the same.
//! A handle is a small whole number that `bindings-node/index.js` keeps for each TOTP in a
//! `WeakMap` (unreachable from outside the package, so it cannot be forged through the public
//! API) and passes instead of `this`; the native side reads it with one `napi_get_value_uint32`
//! and looks it up here, in safe Rust: a number that is not a live handle is refused like any
//! other value that is not a TOTP.
//!
//! Each JavaScript thread (the main thread, every worker) has its own registry, since a
//! JavaScript object, and so its handle, belongs to one thread; a TOTP is registered the first
//! time it verifies and released when its JavaScript object is collected (the `Drop` of
//! [`Registration`]). A release on another thread than the registration's changes nothing:
//! each registration has a number of its own, checked before the slot is freed.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use cognito_mfa::totp::Totp;

/// The registration of a TOTP in the current thread's registry, released when dropped.
pub struct Registration {
    /// The handle JavaScript passes: the index of the slot.
    slot: u32,
    /// The registration's own number, unique in the process.
    serial: u64,
}

impl Registration {
    /// Registers `totp` in the current thread's registry; `None` if the registry cannot take
    /// it (2^32 TOTPs alive at once, or the thread is ending): the TOTP is then found through
    /// `this` on every call instead.
    pub fn new(totp: &Arc<Totp>) -> Option<Self> {
        let serial = SERIALS.fetch_add(1, Ordering::Relaxed);
        let slot = REGISTRY
            .try_with(|registry| registry.try_borrow_mut().ok()?.insert(serial, totp))
            .ok()
            .flatten()?;
        Some(Registration { slot, serial })
    }

    /// The handle that JavaScript passes to name this TOTP.
    pub fn handle(&self) -> u32 {
        self.slot
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        // Nothing to do if the thread's registry is gone (the thread is ending) or borrowed
        // (impossible: no JavaScript, and so no finalizer, runs while it is borrowed).
        let _ = REGISTRY.try_with(|registry| {
            if let Ok(mut registry) = registry.try_borrow_mut() {
                registry.remove(self.slot, self.serial);
            }
        });
    }
}

/// Calls `f` with the TOTP of `handle` in the current thread's registry, or returns `None` if
/// `handle` names none. `f` must not call into JavaScript (the registry is borrowed).
pub fn with_totp<R>(handle: u32, f: impl FnOnce(&Totp) -> R) -> Option<R> {
    REGISTRY
        .try_with(|registry| {
            let registry = registry.try_borrow().ok()?;
            let index = usize::try_from(handle).ok()?;
            match registry.slots.get(index)? {
                Slot::Used { totp, .. } => Some(f(totp)),
                Slot::Free => None,
            }
        })
        .ok()
        .flatten()
}

/// The numbers of registrations, unique in the process.
static SERIALS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static REGISTRY: RefCell<Registry> = const {
        RefCell::new(Registry {
            slots: Vec::new(),
            free: Vec::new(),
        })
    };
}

/// One thread's registered TOTPs.
struct Registry {
    /// The TOTPs by handle.
    slots: Vec<Slot>,
    /// The handles of the free slots, reused first.
    free: Vec<u32>,
}

/// A slot of the registry.
enum Slot {
    /// Not in use.
    Free,
    /// The TOTP of a live registration.
    Used {
        /// The registration's number.
        serial: u64,
        /// The TOTP (shared with its JavaScript object's Rust side).
        totp: Arc<Totp>,
    },
}

impl Registry {
    /// Puts `totp` in a free slot, or a new one; its index, or `None` if there are 2^32.
    fn insert(&mut self, serial: u64, totp: &Arc<Totp>) -> Option<u32> {
        let used = Slot::Used {
            serial,
            totp: Arc::clone(totp),
        };
        if let Some(slot) = self.free.pop()
            && let Some(entry) = usize::try_from(slot)
                .ok()
                .and_then(|index| self.slots.get_mut(index))
        {
            *entry = used;
            return Some(slot);
        }
        let slot = u32::try_from(self.slots.len()).ok()?;
        self.slots.push(used);
        Some(slot)
    }

    /// Frees `slot` if it holds the registration `serial`.
    fn remove(&mut self, slot: u32, serial: u64) {
        let Some(entry) = usize::try_from(slot)
            .ok()
            .and_then(|index| self.slots.get_mut(index))
        else {
            return;
        };
        if matches!(entry, Slot::Used { serial: used, .. } if *used == serial) {
            *entry = Slot::Free;
            self.free.push(slot);
        }
    }
}
