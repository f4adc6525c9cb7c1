//! Calling back into Python from the runtime: the methods of a device store written in Python
//! (src/device.rs) run where the call that needs them was made.
//!
//! A call of the client runs as a task on the process-wide runtime ([`crate::runtime`]); the
//! task carries a [`Caller`] (a tokio task-local) that says where Python code may run for it:
//!
//! * [`Caller::Loop`] — a coroutine method was awaited on an asyncio event loop: a callback is
//!   handed to that loop (`loop.call_soon_threadsafe`), so it runs on the loop's thread, and an
//!   awaitable it returns (an `async def` method) is awaited as a task of that loop;
//! * [`Caller::Thread`] — a blocking method (`cognito_mfa.blocking`) is waiting in
//!   [`crate::runtime::block_on`]: the callback is sent to that thread, which runs it between
//!   its waits; an awaitable it returns runs to completion with `asyncio.run` there (that thread
//!   has no event loop of its own running);
//! * [`Caller::Helper`] — no caller is known (a coroutine driven by something other than
//!   asyncio): the callback runs on one of the runtime's blocking threads, awaitables with
//!   `asyncio.run`.
//!
//! So a store method never runs on a thread the application did not call from (except in the
//! last case), and a store that is not thread-safe (a `sqlite3` connection, an object of one
//! event loop) works. A callback that is never run — its event loop closed — ends the call
//! with an error instead of a hang.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use tokio::sync::oneshot;

use crate::error::guarded;

tokio::task_local! {
    /// Where the Python callbacks of the current task run.
    static CALLER: Caller;
}

/// Where a callback runs (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// On a running asyncio event loop's thread.
    Loop,
    /// On a thread without a running event loop.
    Thread,
}

/// Python work, run with the GIL held at a [`Place`].
pub(crate) struct Job(Box<dyn FnOnce(Python<'_>, Place) + Send>);

impl Job {
    /// Runs the work.
    pub(crate) fn run(self, py: Python<'_>, place: Place) {
        (self.0)(py, place);
    }
}

/// Hands a [`Job`] to a thread blocked in `block_on`; false when that thread has stopped
/// waiting.
type Sink = Arc<dyn Fn(Job) -> bool + Send + Sync>;

/// Where the Python callbacks of one call run.
#[derive(Clone)]
pub(crate) enum Caller {
    /// The asyncio event loop that awaits the call.
    Loop(Arc<Py<PyAny>>),
    /// The thread blocked on the call, which runs what it is sent.
    Thread(Sink),
    /// Nobody: the runtime's blocking threads.
    Helper,
}

impl Caller {
    /// The running asyncio event loop of this thread, or [`Caller::Helper`] when there is none.
    pub(crate) fn running_loop(py: Python<'_>) -> Caller {
        py.import("asyncio")
            .and_then(|asyncio| asyncio.call_method0("get_running_loop"))
            .map_or(Caller::Helper, |event_loop| {
                Caller::Loop(Arc::new(event_loop.unbind()))
            })
    }

    /// A thread that runs each job `sink` is given.
    pub(crate) fn thread(sink: impl Fn(Job) -> bool + Send + Sync + 'static) -> Caller {
        Caller::Thread(Arc::new(sink))
    }

    /// `future`, with this caller as the place of its callbacks.
    pub(crate) fn scope<F: Future>(self, future: F) -> impl Future<Output = F::Output> {
        CALLER.scope(self, future)
    }

    /// The caller of the current task, or [`Caller::Helper`].
    fn current() -> Caller {
        CALLER.try_with(Caller::clone).unwrap_or(Caller::Helper)
    }

    /// Starts `job` where this caller runs callbacks.
    fn schedule(&self, job: Job) -> PyResult<()> {
        match self {
            Caller::Loop(event_loop) => Python::attach(|py| {
                let callback = Py::new(py, LoopCallback::new(job))?;
                event_loop
                    .bind(py)
                    .call_method1("call_soon_threadsafe", (callback,))?;
                Ok(())
            }),
            Caller::Thread(sink) => {
                if sink(job) {
                    Ok(())
                } else {
                    Err(PyRuntimeError::new_err(
                        "the calling thread stopped waiting for the call",
                    ))
                }
            }
            Caller::Helper => {
                let work = move || Python::attach(|py| job.run(py, Place::Thread));
                match tokio::runtime::Handle::try_current() {
                    Ok(handle) => {
                        drop(handle.spawn_blocking(work));
                    }
                    Err(_) => work(),
                }
                Ok(())
            }
        }
    }
}

/// Delivers the final result of a callback (after awaiting it, if it was an awaitable).
type Deliver = Box<dyn FnOnce(Python<'_>, PyResult<Bound<'_, PyAny>>) + Send>;

/// Calls `call` (which returns a value or an awaitable) where the current call's caller runs
/// callbacks, awaits what it returns when it is awaitable, and converts the result with
/// `convert`, both with the GIL held.
///
/// # Errors
/// What `call`, the awaitable or `convert` raised; `RuntimeError` when the callback cannot be
/// scheduled (a closed event loop, a caller that stopped waiting) or was dropped unrun.
pub(crate) async fn call_python<T, C, V>(call: C, convert: V) -> PyResult<T>
where
    T: Send + 'static,
    C: FnOnce(Python<'_>) -> PyResult<Bound<'_, PyAny>> + Send + 'static,
    V: FnOnce(&Bound<'_, PyAny>) -> PyResult<T> + Send + 'static,
{
    let (sender, receiver) = oneshot::channel::<PyResult<T>>();
    let deliver: Deliver = Box::new(move |_py, result| {
        // The receiver is gone only when the call was cancelled: nothing to do then.
        let _ = sender.send(result.and_then(|value| convert(&value)));
    });
    let job = Job(Box::new(move |py, place| {
        let value = match call(py) {
            Ok(value) => value,
            Err(error) => return deliver(py, Err(error)),
        };
        match is_awaitable(py, &value) {
            Ok(false) => deliver(py, Ok(value)),
            Ok(true) => match place {
                Place::Loop => await_on_loop(py, &value, deliver),
                Place::Thread => {
                    let result = run_to_completion(py, &value);
                    deliver(py, result);
                }
            },
            Err(error) => deliver(py, Err(error)),
        }
    }));
    Caller::current().schedule(job)?;
    receiver.await.unwrap_or_else(|_| {
        Err(PyRuntimeError::new_err(
            "the callback was dropped before it ran (its event loop is closed)",
        ))
    })
}

/// `inspect.isawaitable(value)`.
fn is_awaitable(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    py.import("inspect")?
        .call_method1("isawaitable", (value,))?
        .is_truthy()
}

/// Runs an awaitable on a new event loop of this thread: `asyncio.run(asyncio.wait_for(value,
/// None))` (`wait_for` accepts any awaitable, `run` only coroutines).
fn run_to_completion<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let asyncio = py.import("asyncio")?;
    let coroutine = asyncio.call_method1("wait_for", (value, py.None()))?;
    asyncio.call_method1("run", (coroutine,))
}

/// Schedules an awaitable on the running loop of this thread and delivers its result when it
/// is done.
fn await_on_loop(py: Python<'_>, value: &Bound<'_, PyAny>, deliver: Deliver) {
    let deliver = Arc::new(Mutex::new(Some(deliver)));
    let scheduled = (|| {
        let future = py
            .import("asyncio")?
            .call_method1("ensure_future", (value,))?;
        let callback = Py::new(
            py,
            DoneCallback {
                deliver: Arc::clone(&deliver),
            },
        )?;
        future.call_method1("add_done_callback", (callback,))?;
        Ok(())
    })();
    if let Err(error) = scheduled
        && let Some(deliver) = take(&deliver)
    {
        deliver(py, Err(error));
    }
}

/// The one-time content of a callback object.
fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// A [`Job`] as a Python callable, for `loop.call_soon_threadsafe`.
#[pyclass(module = "cognito_mfa._native", frozen)]
struct LoopCallback {
    job: Mutex<Option<Job>>,
}

impl LoopCallback {
    fn new(job: Job) -> Self {
        LoopCallback {
            job: Mutex::new(Some(job)),
        }
    }
}

#[pymethods]
impl LoopCallback {
    fn __call__(&self, py: Python<'_>) -> PyResult<()> {
        guarded(|| {
            if let Some(job) = take(&self.job) {
                job.run(py, Place::Loop);
            }
            Ok(())
        })
    }
}

/// The done-callback of an awaited callback's task: delivers `task.result()`.
#[pyclass(module = "cognito_mfa._native", frozen)]
struct DoneCallback {
    deliver: Arc<Mutex<Option<Deliver>>>,
}

#[pymethods]
impl DoneCallback {
    fn __call__(&self, py: Python<'_>, future: &Bound<'_, PyAny>) -> PyResult<()> {
        guarded(|| {
            if let Some(deliver) = take(&self.deliver) {
                deliver(py, future.call_method0("result"));
            }
            Ok(())
        })
    }
}
