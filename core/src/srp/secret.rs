//! A holder for secret values: zeroized on drop, redacted in `Debug`.

use std::fmt;

use zeroize::Zeroize;

/// Wraps a secret value (an SRP exponent, a derived key, `S`...). The value is overwritten with
/// zeros when dropped and never printed.
#[derive(Clone)]
pub(crate) struct Secret<T: Zeroize>(T);

impl<T: Zeroize> Secret<T> {
    /// Takes ownership of `value`.
    pub(crate) fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value, for computing with it.
    pub(crate) fn expose(&self) -> &T {
        &self.0
    }

    /// The value, for filling it in.
    pub(crate) fn expose_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Zeroize> Drop for Secret<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}
