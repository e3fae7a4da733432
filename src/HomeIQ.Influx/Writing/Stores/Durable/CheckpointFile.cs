using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// The file <c>checkpoint</c> of a durable folder: the LSN below which the server has confirmed (or refused) every
/// line, so that a writer starting after a crash resends only what was in flight, not whole segments.
/// </summary>
/// <remarks>
/// Written with the same care as the data: two 512-byte slots written in turn (the newest generation wins), each with
/// a magic, a generation number and a CRC; flushed to disk at once in <see cref="DurableFlushMode.EachWrite"/>, and with
/// the data's flush in <see cref="DurableFlushMode.Interval"/> (a written slot survives a process crash either way). A
/// write torn by a crash or power loss damages only the slot being written; the other still holds the previous
/// checkpoint, which costs a few more points resent, never one lost. No rename, so no directory entry changes after the
/// file is created (the scheme of LMDB's meta pages).
/// </remarks>
internal sealed class CheckpointFile : IDisposable
{
    public const string FileName = "checkpoint";
    private const int SlotSize = 512;
    private static ReadOnlySpan<byte> Magic => "HIQCKPT\n"u8;

    private readonly SafeFileHandle _file;
    private readonly byte[] _slot = new byte[SlotSize];
    private long _generation;
    private bool _written;

    private CheckpointFile(SafeFileHandle file, long generation, long confirmedLsn)
    {
        _file = file;
        _generation = generation;
        ConfirmedLsn = confirmedLsn;
    }

    /// <summary>The LSN last written (or read at open).</summary>
    public long ConfirmedLsn { get; private set; }

    /// <summary>Whether the file existed but neither slot could be read (the whole folder is then sent again).</summary>
    public bool WasUnreadable { get; private init; }

    /// <summary>Opens or creates the checkpoint of <paramref name="directory"/> and reads the newest intact slot (0 when none).</summary>
    public static CheckpointFile Open(string directory)
    {
        var path = Path.Combine(directory, FileName);
        bool existed = File.Exists(path);
        var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (!existed)
            {
                RandomAccess.FlushToDisk(file);
                DirectorySync.Sync(directory); // the new directory entry survives a power loss
            }
            long generation = -1, confirmed = 0;
            Span<byte> slot = stackalloc byte[SlotSize];
            bool anyBytes = RandomAccess.GetLength(file) > 0;
            for (int i = 0; i < 2; i++)
            {
                if (RandomAccess.Read(file, slot, i * SlotSize) == SlotSize && TryRead(slot, out var g, out var lsn) && g > generation)
                {
                    generation = g;
                    confirmed = lsn;
                }
            }
            return new CheckpointFile(file, Math.Max(generation, 0), confirmed) { WasUnreadable = anyBytes && generation < 0 };
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="confirmedLsn"/> into the older slot, and flushes it to disk when <paramref name="flush"/> (else <see cref="FlushIfWritten"/> does).</summary>
    /// <exception cref="IOException">The disk refused the write; the previous checkpoint still holds.</exception>
    public void Write(long confirmedLsn, bool flush)
    {
        long generation = _generation + 1;
        var slot = _slot.AsSpan();
        slot.Clear();
        Magic.CopyTo(slot);
        BinaryPrimitives.WriteInt64LittleEndian(slot[8..], generation);
        BinaryPrimitives.WriteInt64LittleEndian(slot[16..], confirmedLsn);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[24..], SegmentFormat.Crc(slot[..24]));
        RandomAccess.Write(_file, slot, (generation % 2) * SlotSize);
        _written = true;
        if (flush) FlushIfWritten();
        _generation = generation;
        ConfirmedLsn = confirmedLsn;
    }

    /// <summary>Flushes the slots written since the last flush to disk.</summary>
    public void FlushIfWritten()
    {
        if (!_written) return;
        RandomAccess.FlushToDisk(_file);
        _written = false;
    }

    public void Dispose() => _file.Dispose();

    private static bool TryRead(ReadOnlySpan<byte> slot, out long generation, out long confirmedLsn)
    {
        generation = BinaryPrimitives.ReadInt64LittleEndian(slot[8..]);
        confirmedLsn = BinaryPrimitives.ReadInt64LittleEndian(slot[16..]);
        return slot[..8].SequenceEqual(Magic)
            && BinaryPrimitives.ReadUInt32LittleEndian(slot[24..]) == SegmentFormat.Crc(slot[..24])
            && generation >= 0 && confirmedLsn >= 0;
    }
}
