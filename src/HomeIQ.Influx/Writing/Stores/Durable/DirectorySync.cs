using System.Runtime.InteropServices;
using System.Text;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// Flushes a directory's entries to disk (<c>fsync</c> on the directory), so that a segment file created, renamed or
/// deleted stays so after a power loss: flushing a file makes its content durable, not its name in the folder (ext4,
/// XFS and btrfs document this; SQLite and Kafka flush the directory for the same reason). .NET has no API for it, so
/// on Linux and macOS it calls <c>open</c>/<c>fsync</c>/<c>close</c> of libc. On Windows NTFS journals directory
/// changes itself and a directory cannot be opened for flushing: nothing to do.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY, the same value on Linux and macOS
    private const int Einval = 22;  // EINVAL: this file system cannot flush directories (some FUSE and network file systems)

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Sync(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0");
        int fd = Open(path, ReadOnly);
        if (fd < 0) throw new IOException($"Could not open the folder '{directory}' to flush it to disk (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Einval) throw new IOException($"Could not flush the folder '{directory}' to disk (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // Blittable signatures only (a byte array, ints): no marshalling code, fine under NativeAOT and trimming.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
