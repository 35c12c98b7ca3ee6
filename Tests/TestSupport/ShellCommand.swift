import Glibc

/// Runs a shell command and waits for it with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` on Linux was seen to miss the exit of a `pg_ctl restart` (the shell
/// stayed a zombie and `waitUntilExit` never returned), so the restart tests wait on the
/// child themselves.
public enum ShellCommand {
    /// The shell could not be started or waited for.
    public struct Failure: Error, CustomStringConvertible {
        /// What failed.
        public let description: String
    }

    /// Runs `command` with `/bin/sh -c` and returns its exit status.
    public static func run(_ command: String) throws -> Int32 {
        let words: [String] = ["/bin/sh", "-c", command]
        var arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &arguments, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot start /bin/sh: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
