//! Where a device's credentials live between sign-ins: the [`DeviceStore`] trait, keyed by user
//! pool and user name, with two implementations — [`MemoryDeviceStore`] (one process) and
//! [`FileDeviceStore`] (a JSON file readable by its owner only, replaced atomically). A backend
//! implements the trait over its own database; nothing here is global.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::future::Future;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::DeviceCredentials;
use crate::error::{Error, Result};
use crate::protocol::SecretString;

/// The future a [`DeviceStore`] method returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// Keeps each user's device credentials, one device per (user pool id, user name): the name
/// the user signs in with, as given to [`crate::UserPool::user`].
///
/// Methods are async so that a store can be a database; an error is
/// [`Error::DeviceStore`] (or any error of the crate).
pub trait DeviceStore: Send + Sync {
    /// The credentials saved for the user, or `None`.
    fn load<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
    ) -> StoreFuture<'a, Option<DeviceCredentials>>;

    /// Saves the user's credentials, replacing any saved before.
    fn save<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        device: &'a DeviceCredentials,
    ) -> StoreFuture<'a, ()>;

    /// Forgets the user's credentials (nothing happens when there are none).
    fn forget<'a>(&'a self, user_pool_id: &'a str, username: &'a str) -> StoreFuture<'a, ()>;
}

type Key = (String, String);

/// A [`DeviceStore`] in this process's memory (lost when it ends): for tests, CLIs and
/// single-process servers that keep users in memory anyway.
#[derive(Default)]
pub struct MemoryDeviceStore {
    devices: Mutex<HashMap<Key, DeviceCredentials>>,
}

impl MemoryDeviceStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryDeviceStore::default()
    }

    /// How many users have a device saved.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no device is saved.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Key, DeviceCredentials>> {
        self.devices.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for MemoryDeviceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryDeviceStore")
            .field("devices", &self.len())
            .finish()
    }
}

impl DeviceStore for MemoryDeviceStore {
    fn load<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
    ) -> StoreFuture<'a, Option<DeviceCredentials>> {
        let found = self
            .lock()
            .get(&(user_pool_id.to_owned(), username.to_owned()))
            .cloned();
        Box::pin(async move { Ok(found) })
    }

    fn save<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        device: &'a DeviceCredentials,
    ) -> StoreFuture<'a, ()> {
        self.lock().insert(
            (user_pool_id.to_owned(), username.to_owned()),
            device.clone(),
        );
        Box::pin(async { Ok(()) })
    }

    fn forget<'a>(&'a self, user_pool_id: &'a str, username: &'a str) -> StoreFuture<'a, ()> {
        self.lock()
            .remove(&(user_pool_id.to_owned(), username.to_owned()));
        Box::pin(async { Ok(()) })
    }
}

/// The version of the file format written by [`FileDeviceStore`].
const FILE_VERSION: u32 = 1;

/// A [`DeviceStore`] in one JSON file, for a CLI or a single host.
///
/// - The file is created with permissions 0600 and a file that others may read or write is
///   refused (on Unix), since it holds device passwords.
/// - Every change writes a temporary file beside it, flushes it to disk and renames it over the
///   old one, so a crash leaves either the old or the new file, never half of one.
/// - A malformed file is refused with [`Error::DeviceStore`] and left
///   as it is: nothing is overwritten.
/// - Changes from one process are serialized; several processes sharing one file may lose each
///   other's concurrent changes (the last rename wins) — give each its own file, or use a
///   database-backed store.
///
/// The I/O is synchronous: the file holds a few hundred bytes per user.
pub struct FileDeviceStore {
    path: PathBuf,
    writing: Mutex<()>,
}

/// The file: `{"version": 1, "devices": [...]}`.
#[derive(Serialize, Deserialize)]
struct FileContent {
    version: u32,
    devices: Vec<FileEntry>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    user_pool_id: String,
    username: String,
    device_key: String,
    device_group_key: String,
    device_password: SecretString,
}

impl FileEntry {
    fn is_for(&self, user_pool_id: &str, username: &str) -> bool {
        self.user_pool_id == user_pool_id && self.username == username
    }
}

impl FileDeviceStore {
    /// A store in the file at `path` (created at the first save; its folder must exist).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileDeviceStore {
            path: path.into(),
            writing: Mutex::new(()),
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(
        &self,
        what: &str,
        source: Option<impl std::error::Error + Send + Sync + 'static>,
    ) -> Error {
        Error::device_store(format!("{}: {what}", self.path.display()), source)
    }

    /// The entries of the file (none when it does not exist).
    fn read(&self) -> Result<Vec<FileEntry>> {
        let mut file = match fs::File::open(&self.path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.error("cannot be opened", Some(e))),
        };
        self.check_permissions(&file)?;
        let mut text = Zeroizing::new(Vec::new());
        std::io::Read::read_to_end(&mut file, &mut text)
            .map_err(|e| self.error("cannot be read", Some(e)))?;
        let content: FileContent = serde_json::from_slice(&text).map_err(|e| {
            // The JSON error names a position, never the content.
            self.error("is not a device store file (malformed JSON)", Some(e))
        })?;
        if content.version != FILE_VERSION {
            return Err(self.error(
                &format!("has version {}, expected {FILE_VERSION}", content.version),
                None::<std::io::Error>,
            ));
        }
        Ok(content.devices)
    }

    #[cfg(unix)]
    fn check_permissions(&self, file: &fs::File) -> Result<()> {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = file
            .metadata()
            .map_err(|e| self.error("cannot be inspected", Some(e)))?
            .permissions()
            .mode();
        if mode & 0o077 == 0 {
            Ok(())
        } else {
            Err(self.error(
                &format!(
                    "has permissions {:o}: it holds device passwords, so only its owner may \
                     read or write it (chmod 600)",
                    mode & 0o777
                ),
                None::<std::io::Error>,
            ))
        }
    }

    #[cfg(not(unix))]
    fn check_permissions(&self, _file: &fs::File) -> Result<()> {
        Ok(())
    }

    /// Writes `devices` to a temporary file and renames it over the store's file.
    fn write(&self, devices: Vec<FileEntry>) -> Result<()> {
        let content = FileContent {
            version: FILE_VERSION,
            devices,
        };
        let text = Zeroizing::new(
            serde_json::to_vec_pretty(&content)
                .map_err(|e| self.error("cannot be encoded", Some(e)))?,
        );
        let folder = match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .ok_or_else(|| self.error("is not a file path", None::<std::io::Error>))?;
        let mut nonce = [0u8; 8];
        super::random_fill(&mut nonce)?;
        let temporary = folder.join(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            data_encoding::HEXLOWER.encode(&nonce)
        ));
        let written = self.write_new_file(&temporary, &text).and_then(|()| {
            fs::rename(&temporary, &self.path)
                .map_err(|e| self.error("cannot be replaced", Some(e)))
        });
        if written.is_err() {
            // Best effort: the temporary file holds nothing the real one does not.
            let _ = fs::remove_file(&temporary);
        }
        written?;
        // Make the rename itself durable (not possible on every platform: best effort).
        if let Ok(dir) = fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    fn write_new_file(&self, path: &Path, text: &[u8]) -> Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options
            .open(path)
            .map_err(|e| self.error("cannot write its temporary file", Some(e)))?;
        file.write_all(text)
            .and_then(|()| file.sync_all())
            .map_err(|e| self.error("cannot write its temporary file", Some(e)))
    }

    fn change(&self, edit: impl FnOnce(&mut Vec<FileEntry>)) -> Result<()> {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let mut devices = self.read()?;
        edit(&mut devices);
        self.write(devices)
    }

    fn load_now(&self, user_pool_id: &str, username: &str) -> Result<Option<DeviceCredentials>> {
        let devices = self.read()?;
        let Some(entry) = devices
            .into_iter()
            .find(|entry| entry.is_for(user_pool_id, username))
        else {
            return Ok(None);
        };
        DeviceCredentials::new(
            entry.device_key.clone(),
            entry.device_group_key.clone(),
            entry.device_password.expose(),
        )
        .map(Some)
        .map_err(|e| {
            self.error(
                &format!("holds an invalid device: {e}"),
                None::<std::io::Error>,
            )
        })
    }
}

impl fmt::Debug for FileDeviceStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileDeviceStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl DeviceStore for FileDeviceStore {
    fn load<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
    ) -> StoreFuture<'a, Option<DeviceCredentials>> {
        Box::pin(async move { self.load_now(user_pool_id, username) })
    }

    fn save<'a>(
        &'a self,
        user_pool_id: &'a str,
        username: &'a str,
        device: &'a DeviceCredentials,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.change(|devices| {
                devices.retain(|entry| !entry.is_for(user_pool_id, username));
                devices.push(FileEntry {
                    user_pool_id: user_pool_id.to_owned(),
                    username: username.to_owned(),
                    device_key: device.device_key().to_owned(),
                    device_group_key: device.device_group_key().to_owned(),
                    device_password: SecretString::new(device.password().expose_secret()),
                });
            })
        })
    }

    fn forget<'a>(&'a self, user_pool_id: &'a str, username: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.change(|devices| devices.retain(|entry| !entry.is_for(user_pool_id, username)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POOL: &str = "us-east-1_Pool1";
    const KEY_A: &str = "us-east-1_0a1b2c3d-0000-4000-8000-00000000000a";
    const KEY_B: &str = "us-east-1_0a1b2c3d-0000-4000-8000-00000000000b";

    fn device(key: &str, password: &str) -> DeviceCredentials {
        DeviceCredentials::new(key, "group-1", password).unwrap_or_else(|e| unreachable!("{e}"))
    }

    fn run<T>(future: impl Future<Output = T>) -> T {
        // The stores never wait on anything: one poll completes them.
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(value) => value,
            std::task::Poll::Pending => unreachable!("a device store future was pending"),
        }
    }

    fn loaded(store: &dyn DeviceStore, user: &str) -> Option<(String, String)> {
        run(store.load(POOL, user)).ok().flatten().map(|d| {
            (
                d.device_key().to_owned(),
                d.password().expose_secret().to_owned(),
            )
        })
    }

    fn temp_dir(name: &str) -> PathBuf {
        let mut nonce = [0u8; 6];
        let _ = getrandom::fill(&mut nonce);
        let dir = std::env::temp_dir().join(format!(
            "cognito-mfa-{name}-{}",
            data_encoding::HEXLOWER.encode(&nonce)
        ));
        let _ = fs::create_dir_all(&dir);
        dir
    }

    fn exercise(store: &dyn DeviceStore) {
        assert_eq!(loaded(store, "alice"), None);
        assert!(run(store.save(POOL, "alice", &device(KEY_A, "pw-a"))).is_ok());
        assert!(run(store.save(POOL, "bob", &device(KEY_B, "pw-b"))).is_ok());
        assert_eq!(loaded(store, "alice"), Some((KEY_A.into(), "pw-a".into())));
        assert_eq!(loaded(store, "bob"), Some((KEY_B.into(), "pw-b".into())));
        // Another pool is another key.
        assert!(matches!(
            run(store.load("us-east-1_Other", "alice")),
            Ok(None)
        ));
        // Saving again replaces.
        assert!(run(store.save(POOL, "alice", &device(KEY_B, "pw-a2"))).is_ok());
        assert_eq!(loaded(store, "alice"), Some((KEY_B.into(), "pw-a2".into())));
        assert!(run(store.forget(POOL, "alice")).is_ok());
        assert_eq!(loaded(store, "alice"), None);
        assert!(run(store.forget(POOL, "alice")).is_ok());
        assert_eq!(loaded(store, "bob"), Some((KEY_B.into(), "pw-b".into())));
    }

    #[test]
    fn the_memory_store_keeps_one_device_per_pool_and_user() {
        let store = MemoryDeviceStore::new();
        exercise(&store);
        assert_eq!(store.len(), 1);
        assert_eq!(format!("{store:?}"), "MemoryDeviceStore { devices: 1 }");
    }

    #[test]
    fn the_file_store_keeps_devices_across_instances_in_a_private_file() {
        let dir = temp_dir("store");
        let path = dir.join("devices.json");
        exercise(&FileDeviceStore::new(&path));
        // A new instance (another run of the program) reads what the first wrote.
        let again = FileDeviceStore::new(&path);
        assert_eq!(loaded(&again, "bob"), Some((KEY_B.into(), "pw-b".into())));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&path)
                .map(|m| m.permissions().mode() & 0o777)
                .ok();
            assert_eq!(mode, Some(0o600));
        }
        // No temporary file is left behind.
        let names: Vec<String> = fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok())
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, ["devices.json"]);
        assert!(!format!("{again:?}").contains("pw-b"));
        let _ = fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_store_refuses_a_file_others_can_read() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir("perms");
        let path = dir.join("devices.json");
        let store = FileDeviceStore::new(&path);
        assert!(run(store.save(POOL, "alice", &device(KEY_A, "pw-a"))).is_ok());
        let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o644));
        let refused = run(store.load(POOL, "alice"));
        let error = refused.err();
        assert_eq!(error.as_ref().map(Error::code), Some("DeviceStoreError"));
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains("644") && !message.contains("pw-a"),
            "{message}"
        );
        // Nor does it write over it.
        assert!(run(store.save(POOL, "bob", &device(KEY_B, "pw-b"))).is_err());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_malformed_file_is_refused_and_left_untouched() {
        let dir = temp_dir("malformed");
        let path = dir.join("devices.json");
        for text in [
            "{not json",
            r#"{"version":2,"devices":[]}"#,
            r#"{"devices":{}}"#,
        ] {
            let _ = fs::remove_file(&path);
            let mut options = fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt as _;
                options.mode(0o600);
            }
            let written = options
                .open(&path)
                .and_then(|mut file| file.write_all(text.as_bytes()));
            assert!(written.is_ok());
            let store = FileDeviceStore::new(&path);
            let load = run(store.load(POOL, "alice"));
            assert_eq!(
                load.err().as_ref().map(Error::code),
                Some("DeviceStoreError"),
                "{text}"
            );
            let save = run(store.save(POOL, "alice", &device(KEY_A, "pw-a")));
            assert_eq!(
                save.err().as_ref().map(Error::code),
                Some("DeviceStoreError")
            );
            assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some(text));
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
