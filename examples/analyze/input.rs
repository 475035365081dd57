//! The files to analyse and how they are read: the arguments expanded (directories
//! walked as the npm CLI walks them, pkg-template/cli/inputs.mjs), and each file read
//! only if it is a regular file no larger than `--max-file-bytes`.

use crate::Failure;
use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// `--max-file-bytes` when not given: 256 MiB per file (input files and `--prices`).
pub(crate) const DEFAULT_MAX_FILE_BYTES: u64 = 256 << 20;

/// A file as shown, and where to read it (or why it cannot be).
pub(crate) type Input = (String, Result<PathBuf, Failure>);

fn walk(dir: &Path, shown: &Path, out: &mut Vec<Input>) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => return out.push((shown.display().to_string(), Err(Failure::io(&e)))),
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let (file, path) = (entry.path(), shown.join(entry.file_name()));
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&file, &path, out);
        } else if (name.ends_with(".json") || name.ends_with(".jsonl"))
            && (kind.is_file() || (kind.is_symlink() && file.is_file()))
        {
            out.push((path.display().to_string(), Ok(file)));
        }
    }
}

/// The arguments, in order: a directory is walked recursively for `*.json` and
/// `*.jsonl` (name order, symbolic links to directories not followed, anything but
/// regular files left out); anything else is taken as a file, whatever its name.
pub(crate) fn expand(args: &[String]) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        match std::fs::metadata(arg) {
            Ok(m) if m.is_dir() => walk(Path::new(arg), Path::new(arg), &mut out),
            Ok(_) => out.push((arg.clone(), Ok(PathBuf::from(arg)))),
            Err(e) => out.push((arg.clone(), Err(Failure::io(&e)))),
        }
    }
    out
}

/// `O_NONBLOCK`, where its value is known: opening a FIFO with it returns at once
/// instead of waiting for a writer, so a FIFO put in a file's place between the
/// `stat` and the `open` cannot hang the run (regular files read the same with it).
#[cfg(all(
    target_os = "linux",
    any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "riscv64"
    )
))]
const O_NONBLOCK: Option<i32> = Some(0o4000);
#[cfg(any(
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
))]
const O_NONBLOCK: Option<i32> = Some(0x4);
#[cfg(not(any(
    all(
        target_os = "linux",
        any(
            target_arch = "x86_64",
            target_arch = "x86",
            target_arch = "aarch64",
            target_arch = "arm",
            target_arch = "riscv64"
        )
    ),
    target_os = "macos",
    target_os = "ios",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
)))]
const O_NONBLOCK: Option<i32> = None;

fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    if let Some(flag) = O_NONBLOCK {
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, flag);
    }
    options.open(path)
}

/// What a path that is not a regular file is, for the error message.
fn what(m: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if m.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

fn regular(m: &Metadata) -> Result<(), Failure> {
    if m.is_file() {
        Ok(())
    } else {
        Err(Failure::new(
            "NotRegularFile",
            format!(
                "not a regular file ({}); only regular files are read",
                what(m)
            ),
        ))
    }
}

fn too_large(size: u64, max_bytes: u64) -> Failure {
    Failure::new(
        "FileTooLarge",
        format!("{size} bytes, more than the limit of {max_bytes} bytes (--max-file-bytes)"),
    )
}

/// The bytes of the regular file at `path`, at most `max_bytes` of them.
///
/// Checked before reading (`stat`: a FIFO, a device or a socket is refused without
/// being opened, a file over the limit without being read) and while reading (a file
/// that grows past the limit, or reports a wrong size, fails once the limit is passed:
/// at most `max_bytes + 1` bytes are read).
pub(crate) fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failure> {
    let io = |e: std::io::Error| Failure::io(&e);
    regular(&std::fs::metadata(path).map_err(io)?)?;
    let file = open(path).map_err(io)?;
    // The file opened, which may not be the one stat'ed.
    let m = file.metadata().map_err(io)?;
    regular(&m)?;
    if m.len() > max_bytes {
        return Err(too_large(m.len(), max_bytes));
    }
    let mut bytes = Vec::with_capacity(m.len() as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Failure::new(
            "FileTooLarge",
            format!("grew past the limit of {max_bytes} bytes (--max-file-bytes) while being read"),
        ));
    }
    Ok(bytes)
}
