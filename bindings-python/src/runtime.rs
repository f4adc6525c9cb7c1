//! The one process-wide tokio runtime, and the two ways Python waits for work on it.
//!
//! * [`run`] — for the `async def` methods: the core's future is spawned onto the runtime and
//!   the pyo3 coroutine awaits its join handle, so the event loop is never blocked and asyncio
//!   can interleave any number of calls (`asyncio.gather`, `asyncio.create_task`).
//! * [`block_on`] — for `cognito_mfa.blocking` and the mock: the calling thread waits for the
//!   spawned task with the GIL released (the main thread wakes every 100 ms to let Python run
//!   signal handlers, so Ctrl-C aborts the call).
//!
//! Both give the task a [`Caller`]: the event loop that awaits it, or the blocked thread, which
//! runs the Python callbacks (a Python device store's methods) the task sends it while it waits
//! ([`crate::caller`]).
//!
//! The runtime is created on first use and serves every event loop and thread of the process,
//! so it survives any number of `asyncio.run()` calls. After `os.fork()` the child gets a
//! runtime of its own (the parent's worker threads do not exist there); clients created before
//! the fork should be created again in the child.
//!
//! Whoever blocks on the runtime must release the GIL first: a task that completes wakes its
//! pyo3 coroutine from a runtime thread, which takes the GIL for a moment. For the same reason
//! [`shutdown_runtime`] runs at interpreter exit (an `atexit` handler registered by the module):
//! it stops the runtime with the GIL released, so that no runtime thread is inside Python — for
//! instance finishing the wake-up of the program's last coroutine — once the interpreter
//! finalizes (CPython ends such a thread with `pthread_exit`, which aborts the process when it
//! unwinds through Rust frames).

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tokio::runtime::{Builder, Handle, Runtime};
use tokio::task::{JoinError, JoinHandle};

use crate::caller::{Caller, Job, Place};
use crate::error::{guarded, panicked, to_py_err};

/// How often a blocked main thread wakes to let Python run signal handlers (KeyboardInterrupt).
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);
/// How long [`shutdown_runtime`] waits for the runtime's threads at interpreter exit.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(1);

/// An error that becomes a Python exception once the task's result is back on a Python
/// thread (the conversion needs the GIL, which runtime threads do not take for it).
pub trait IntoPyException: Send + 'static {
    /// The Python exception for this error.
    fn into_exception(self) -> PyErr;
}

impl IntoPyException for cognito_mfa::Error {
    fn into_exception(self) -> PyErr {
        to_py_err(self)
    }
}

/// The runtime of this process, with the process id it was made in.
struct ProcessRuntime {
    pid: u32,
    runtime: Runtime,
}

static RUNTIME: Mutex<Option<ProcessRuntime>> = Mutex::new(None);

/// A handle on the process-wide multi-threaded runtime (one worker per core), created on first
/// use (and again after a fork, or if a call comes after [`shutdown_runtime`]).
///
/// # Errors
/// `RuntimeError` if the operating system refuses to start its threads.
pub fn runtime() -> PyResult<Handle> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    match slot.take() {
        Some(current) if current.pid == pid => {
            let handle = current.runtime.handle().clone();
            *slot = Some(current);
            return Ok(handle);
        }
        // Inherited through fork(): its threads do not exist in this process, so it must never
        // be dropped (dropping waits for them).
        Some(inherited) => std::mem::forget(inherited),
        None => {}
    }
    let runtime = Builder::new_multi_thread()
        .enable_all()
        .thread_name("cognito-mfa")
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start the tokio runtime: {e}")))?;
    let handle = runtime.handle().clone();
    *slot = Some(ProcessRuntime { pid, runtime });
    Ok(handle)
}

/// Stops the process-wide runtime, with the GIL released, waiting up to a second for its
/// threads; calls still in flight end with `RuntimeError`. Registered with `atexit` when the
/// module is imported; a later call starts a new runtime.
#[pyfunction]
pub fn shutdown_runtime(py: Python<'_>) -> PyResult<()> {
    guarded(|| {
        let taken = RUNTIME
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        match taken {
            Some(current) if current.pid == std::process::id() => {
                py.detach(|| current.runtime.shutdown_timeout(SHUTDOWN_TIMEOUT));
            }
            Some(inherited) => std::mem::forget(inherited),
            None => {}
        }
        Ok(())
    })
}

/// A spawned task that is aborted when its waiter goes away: a cancelled asyncio task stops
/// the request instead of leaving it running unobserved.
struct Task<T>(JoinHandle<T>);

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<T> Future for Task<T> {
    type Output = Result<T, JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx)
    }
}

/// A call whose task was cancelled (the runtime was shut down at interpreter exit).
fn cancelled() -> PyErr {
    PyRuntimeError::new_err("cognito-mfa: the call was cancelled (the interpreter is exiting)")
}

/// Runs `future` on the runtime and waits for it without blocking the caller's event loop,
/// which runs the task's Python callbacks ([`Caller::running_loop`]).
///
/// # Errors
/// The future's error as its Python exception ([`IntoPyException`]); `GenericFailure` (a
/// `RuntimeError`) if the task panicked; `RuntimeError` if it was cancelled or the runtime
/// cannot start.
pub async fn run<T, E, F>(future: F) -> PyResult<T>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: IntoPyException,
{
    let caller = Python::attach(Caller::running_loop);
    let task = Task(runtime()?.spawn(caller.scope(future)));
    match task.await {
        Ok(result) => result.map_err(IntoPyException::into_exception),
        Err(error) => match error.try_into_panic() {
            Ok(payload) => Err(panicked(&*payload)),
            Err(_cancelled) => Err(cancelled()),
        },
    }
}

/// The payload of a caught panic.
type PanicPayload = Box<dyn Any + Send>;

/// A future whose panic becomes an `Err` with the panic's payload instead of unwinding into
/// the runtime.
struct CatchPanic<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchPanic<F> {
    type Output = Result<F::Output, PanicPayload>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}

/// True on the interpreter's main thread, the only one where Python runs signal handlers.
fn on_main_thread(py: Python<'_>) -> PyResult<bool> {
    static MAIN: PyOnceLock<u64> = PyOnceLock::new();
    let threading = py.import("threading")?;
    let main = *MAIN.get_or_try_init(py, || {
        threading
            .call_method0("main_thread")?
            .getattr("ident")?
            .extract::<u64>()
    })?;
    Ok(threading.call_method0("get_ident")?.extract::<u64>()? == main)
}

/// What a task run by [`block_on`] sends the thread waiting for it.
enum Message<T> {
    /// A Python callback to run on the waiting thread.
    Run(Job),
    /// The task's outcome, or the payload of its panic.
    Done(Result<T, PanicPayload>),
}

/// Runs `future` on the runtime and blocks the calling thread until it is done, with the GIL
/// released. On the main thread, Python signal handlers run every 100 ms, and an exception
/// they raise (e.g. `KeyboardInterrupt`) aborts the task and is returned. Other threads sleep
/// until the result arrives, without touching Python in between. Either way the thread runs
/// the Python callbacks the task sends it ([`Caller::Thread`]), then waits again.
///
/// # Errors
/// As [`run`], and whatever a signal handler raises.
pub fn block_on<T, E, F>(py: Python<'_>, future: F) -> PyResult<T>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: IntoPyException,
{
    let (sender, receiver) = mpsc::channel::<Message<Result<T, E>>>();
    let jobs = sender.clone();
    let caller = Caller::thread(move |job| jobs.send(Message::Run(job)).is_ok());
    let task = Task(runtime()?.spawn(caller.scope(async move {
        let outcome = CatchPanic(Box::pin(future)).await;
        // The receiver is gone only if the caller was interrupted: nothing to do then.
        let _ = sender.send(Message::Done(outcome));
    })));
    let main = on_main_thread(py)?;
    // (The receiver moves into each wait: it is `Send` but not `Sync`.)
    let mut receiver = receiver;
    let outcome = loop {
        let (back, received) = py.detach(move || {
            let received = if main {
                receiver.recv_timeout(SIGNAL_CHECK_INTERVAL)
            } else {
                receiver
                    .recv()
                    .map_err(|mpsc::RecvError| RecvTimeoutError::Disconnected)
            };
            (receiver, received)
        });
        receiver = back;
        match received {
            Ok(Message::Done(outcome)) => break Some(outcome),
            Ok(Message::Run(job)) => job.run(py, Place::Thread),
            Err(RecvTimeoutError::Timeout) => py.check_signals()?,
            Err(RecvTimeoutError::Disconnected) => break None,
        }
    };
    drop(task);
    match outcome {
        Some(Ok(result)) => result.map_err(IntoPyException::into_exception),
        Some(Err(payload)) => Err(panicked(&*payload)),
        None => Err(cancelled()),
    }
}

/// The work of the test hooks below: it panics (a stand-in for a bug).
#[allow(clippy::panic, reason = "the test hooks' purpose is a panic")]
async fn panicking_work() -> cognito_mfa::Result<()> {
    if std::hint::black_box(true) {
        panic!("the test hook's panic");
    }
    Ok(())
}

/// Private test hook: awaits a call whose work panics on the runtime, as the ``async def``
/// methods await theirs.
///
/// Raises:
///     GenericFailure: always.
#[pyfunction]
#[pyo3(name = "_panic_in_a_call_for_tests")]
pub async fn panic_in_a_call_for_tests() -> PyResult<()> {
    run(panicking_work()).await
}

/// Private test hook: blocks on a call whose work panics on the runtime, as
/// ``cognito_mfa.blocking`` does.
///
/// Raises:
///     GenericFailure: always.
#[pyfunction]
#[pyo3(name = "_panic_in_a_blocking_call_for_tests")]
pub fn panic_in_a_blocking_call_for_tests(py: Python<'_>) -> PyResult<()> {
    block_on(py, panicking_work())
}

#[cfg(test)]
mod tests {
    use super::CatchPanic;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
            .block_on(future)
    }

    #[test]
    fn a_panicking_future_ends_with_its_payload_instead_of_unwinding() {
        let outcome = block_on(CatchPanic(Box::pin(async {
            if std::hint::black_box(true) {
                panic!("a bug");
            }
            1
        })));
        let payload = outcome.expect_err("the panic's payload");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"a bug"));
    }

    #[test]
    fn a_finished_future_keeps_its_output() {
        assert_eq!(block_on(CatchPanic(Box::pin(async { 7 }))).ok(), Some(7));
    }
}
