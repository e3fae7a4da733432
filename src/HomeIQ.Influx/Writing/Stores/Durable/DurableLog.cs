using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// The folder behind <see cref="WriteOptions.DurableBufferPath"/>: the segment files (format in <see cref="SegmentFormat"/>),
/// the <see cref="CheckpointFile"/> and the lock that keeps a second writer out. Appends records, rotates segments,
/// removes the ones the server has confirmed or that backpressure drops. Not thread-safe: every member except
/// <see cref="SyncedLsn"/>, <see cref="MarkSynced"/> and <see cref="DeleteFiles"/> is called under the writer's gate,
/// which also keeps file order equal to the writer's point order.
/// </summary>
internal sealed class DurableLog : IDisposable
{
    private readonly List<Segment> _segments = [];
    private readonly long _segmentBytes;
    private readonly bool _interval;
    private FileStream? _lock;
    private SafeFileHandle? _activeHandle;
    private byte[] _record = new byte[64 * 1024];
    private long _nextId;
    private long _nextRecord;
    private long _synced;

    private DurableLog(string directory, long segmentBytes, bool interval)
    {
        Directory = directory;
        _segmentBytes = segmentBytes;
        _interval = interval;
    }

    public string Directory { get; }

    /// <summary>The segments, oldest first.</summary>
    public IReadOnlyList<Segment> Segments => _segments;

    /// <summary>The segment records are appended to (null until the first append after open or a rotation).</summary>
    public Segment? Active { get; private set; }

    /// <summary>Bytes of all segment files.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>The LSN the next appended line gets.</summary>
    public long TailLsn { get; private set; }

    /// <summary>The checkpoint: every line below its LSN was confirmed by the server when it was written.</summary>
    public CheckpointFile Checkpoint { get; private set; } = null!;

    /// <summary>Damage found at the end of the newest segment at open (cut off there), to be reported once the writer is ready.</summary>
    public List<(DurableDamage Damage, string[] Lines)> TornAtOpen { get; } = [];

    /// <summary>Segments found at open that held no readable record at all (removed).</summary>
    public List<(DurableDamage Damage, string[] Lines)> UnreadableAtOpen { get; } = [];

    /// <summary>Every line below this LSN is on disk (flushed); read without the gate.</summary>
    public long SyncedLsn => Volatile.Read(ref _synced);

    /// <summary>Opens (creating) the folder, takes its lock, reads the checkpoint and the segments, and cuts off a torn tail.</summary>
    /// <exception cref="IOException">The folder is in use by another writer, cannot be read, or holds a format this version does not read.</exception>
    public static DurableLog Open(string directory, long segmentBytes, bool interval)
    {
        bool created = !System.IO.Directory.Exists(directory);
        System.IO.Directory.CreateDirectory(directory);
        if (created && Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } parent) DirectorySync.Sync(parent);
        var log = new DurableLog(directory, segmentBytes, interval);
        try
        {
            // One writer per folder: a second one would interleave records and delete segments the first still needs.
            // The lock is the OS's (flock on Unix), so a crashed process never leaves it behind.
            log._lock = new FileStream(Path.Combine(directory, "writer.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The durable buffer folder '{directory}' is in use by another writer (of this or another process); each writer needs its own DurableBufferPath.", ex);
        }
        try
        {
            log.Checkpoint = CheckpointFile.Open(directory);
            log.ReadSegments();
        }
        catch
        {
            log.Dispose();
            throw;
        }
        return log;
    }

    /// <summary>Lines after the checkpoint, by the record headers: what the writer must still send.</summary>
    public long PendingLines(long confirmedLsn) => _segments.Sum(s => Math.Max(0, s.EndLsn - Math.Max(s.FirstLsn, confirmedLsn)));

    /// <summary>The segment after <paramref name="segment"/> (by id), or null.</summary>
    public Segment? After(Segment segment)
    {
        foreach (var s in _segments)
        {
            if (s.Id > segment.Id) return s;
        }
        return null;
    }

    /// <summary>Appends one record of <paramref name="lines"/> lines; returns where it went.</summary>
    /// <exception cref="IOException">The disk refused the write; the record is not in the log (nothing advanced) and the caller's points are not accepted.</exception>
    public (Segment Segment, long Offset, long FirstLsn) Append(ReadOnlySpan<byte> payload, int lines, long nowMs)
    {
        if (Active is null || Active.Bytes >= _segmentBytes) Rotate(nowMs);
        var active = Active!;
        var header = new RecordHeader(_nextRecord, TailLsn, payload.Length, lines, nowMs, SyncedLsn, SegmentFormat.Crc(payload));
        int size = header.Size;
        if (_record.Length < size) _record = new byte[Math.Max(size, _record.Length * 2)];
        header.Write(_record);
        payload.CopyTo(_record.AsSpan(SegmentFormat.RecordHeaderSize));
        long offset = active.Bytes;
        // One write per record; a failed or torn one is past Bytes, so the next record simply overwrites it.
        RandomAccess.Write(_activeHandle!, _record.AsSpan(0, size), offset);
        var at = (active, offset, TailLsn);
        active.Bytes += size;
        active.EndLsn += lines;
        active.LastRecord = _nextRecord;
        TotalBytes += size;
        TailLsn += lines;
        _nextRecord++;
        return at;
    }

    /// <summary>What a disk flush now would cover: the active file and the LSN through which it would make the log durable.</summary>
    public (SafeFileHandle? File, long Lsn) SyncTarget() => (_activeHandle, TailLsn);

    /// <summary>Records that every line below <paramref name="lsn"/> is on disk. Thread-safe.</summary>
    public void MarkSynced(long lsn)
    {
        long current;
        while ((current = Volatile.Read(ref _synced)) < lsn && Interlocked.CompareExchange(ref _synced, lsn, current) != current)
        {
        }
    }

    /// <summary>Removes (from the list; files are deleted by <see cref="DeleteFiles"/>) the segments whose every line is below <paramref name="confirmedLsn"/>; the active one only when <paramref name="includeActive"/>.</summary>
    public List<Segment> RemoveConfirmed(long confirmedLsn, bool includeActive)
    {
        var removed = new List<Segment>();
        for (int i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            if (segment.EndLsn > confirmedLsn) break; // in order: nothing later is confirmed either
            if (segment == Active)
            {
                if (!includeActive) break;
                CloseActive(flush: false);
            }
            _segments.RemoveAt(i--);
            TotalBytes -= segment.Bytes;
            removed.Add(segment);
        }
        return removed;
    }

    /// <summary>Removes <paramref name="segment"/> from the list (backpressure dropped it); its file is deleted by <see cref="DeleteFiles"/>.</summary>
    public void Remove(Segment segment)
    {
        if (segment == Active) CloseActive(flush: false);
        if (_segments.Remove(segment)) TotalBytes -= segment.Bytes;
    }

    /// <summary>Deletes the files of removed segments and flushes the folder. Thread-safe (touches no state).</summary>
    /// <returns>The files that could not be deleted (they are deleted at the next open: every line in them is below the checkpoint or was reported).</returns>
    public List<(string Path, IOException Error)> DeleteFiles(IReadOnlyCollection<Segment> segments)
    {
        var failed = new List<(string, IOException)>();
        if (segments.Count == 0) return failed;
        foreach (var segment in segments)
        {
            try { File.Delete(segment.Path); }
            catch (IOException ex) { failed.Add((segment.Path, ex)); }
        }
        try { DirectorySync.Sync(Directory); }
        catch (IOException ex) { failed.Add((Directory, ex)); }
        return failed;
    }

    public void Dispose()
    {
        CloseActive(flush: true);
        Checkpoint?.Dispose();
        _lock?.Dispose();
        _lock = null;
    }

    // ------------------------------------------------------------------ open

    private void ReadSegments()
    {
        long confirmed = Checkpoint.ConfirmedLsn;
        var files = System.IO.Directory.GetFiles(Directory, "*" + SegmentFormat.Extension)
            .Select(path => (Path: path, Id: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1))
            .Where(f => f.Id >= 0)
            .OrderBy(f => f.Id)
            .ToList();
        var unusable = new List<Segment>();
        foreach (var (path, id) in files)
        {
            _nextId = id + 1;
            var segment = ReadHeader(path, id);
            if (segment is null) unusable.Add(new Segment(id, path, 0, 0, 0, false));
            else _segments.Add(segment);
        }

        // Where each segment ends: where its direct successor starts, else found by reading it. The newest is read to its
        // end, and a torn tail (an append a crash interrupted) is cut off so new records follow intact ones.
        for (int i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            var next = i + 1 < _segments.Count ? _segments[i + 1] : null;
            if (next is not null && next.Id == segment.Id + 1 && next.FirstLsn >= segment.FirstLsn)
            {
                segment.EndLsn = next.FirstLsn;
                segment.LastRecord = next.FirstRecord - 1;
                segment.Bytes = new FileInfo(segment.Path).Length;
            }
            else
            {
                ScanToEnd(segment, newest: next is null);
            }
        }
        if (unusable.Count > 0) DeleteFiles(unusable);

        var last = _segments.Count > 0 ? _segments[^1] : null;
        // LSNs never go back: a new line always lies above the checkpoint, even when every segment is gone.
        TailLsn = Math.Max(last?.EndLsn ?? 0, confirmed);
        _nextRecord = last is null ? 0 : last.LastRecord + 1;
        // Segments whose every line the server has confirmed are of no more use.
        DeleteFiles(RemoveConfirmed(confirmed, includeActive: true));
        TotalBytes = _segments.Sum(s => s.Bytes);
        MarkSynced(TailLsn); // what is on disk at open is as durable as it will get
    }

    // The segment described by its header; when the header is damaged, by its first intact record; null when it has none.
    private Segment? ReadHeader(string path, long id)
    {
        Span<byte> bytes = stackalloc byte[SegmentFormat.FileHeaderSize];
        int read;
        long length;
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            length = RandomAccess.GetLength(file);
            read = RandomAccess.Read(file, bytes, 0);
        }
        if (SegmentHeader.TryRead(bytes[..read], out var header, out int version) && header.Id == id)
            return new Segment(id, path, header.FirstLsn, header.FirstRecord, header.CreatedMs, header.Interval);
        if (version != 0 && version != SegmentFormat.Version)
        {
            throw new IOException(
                $"The durable buffer folder '{Directory}' holds '{Path.GetFileName(path)}' in format {version}; this version of HomeIQ.Influx reads format {SegmentFormat.Version} only and leaves the folder as it is. " +
                "Send its points with the version that wrote them (a writer on the folder sends them at start), or move the folder away and start with an empty one.");
        }
        // The header is damaged (or a crash cut it short while the segment was created): find the first intact record.
        using var reader = new SegmentReader(path, 0);
        while (true)
        {
            var kind = reader.Next(length, 0, -1);
            if (kind == ReadKind.Record)
            {
                var first = reader.Header;
                var segment = new Segment(id, path, first.FirstLsn, first.Number, first.AppendedMs, interval: false);
                return segment;
            }
            if (kind == ReadKind.End || reader.Damage!.Next is null)
            {
                if (length > SegmentFormat.FileHeaderSize)
                {
                    var damage = new DurableDamage(Path.GetFileName(path), 0, length, "the segment header and every record are damaged", 1, null, null);
                    UnreadableAtOpen.Add((damage, reader.Damage?.Readable.Where(r => r.Lines is not null).SelectMany(r => r.Lines!).ToArray() ?? []));
                }
                return null; // a header that never finished (crash while creating it) and no record: nothing to keep
            }
        }
    }

    // Reads a segment to its end: its end LSN and last record; in the newest one a damaged tail is cut off (reported).
    private void ScanToEnd(Segment segment, bool newest)
    {
        long length = new FileInfo(segment.Path).Length;
        using var reader = new SegmentReader(segment.Path, SegmentFormat.FileHeaderSize);
        long expected = segment.FirstLsn, lastNumber = segment.FirstRecord - 1, validEnd = SegmentFormat.FileHeaderSize;
        while (true)
        {
            var kind = reader.Next(length, expected, lastNumber);
            if (kind == ReadKind.End) break;
            if (kind == ReadKind.Record)
            {
                expected = reader.Header.EndLsn;
                lastNumber = reader.Header.Number;
                validEnd = reader.Position;
                continue;
            }
            var damage = reader.Damage!;
            if (damage.Next is not null) continue; // damage in the middle: reported when the replay reaches it
            if (newest)
            {
                var found = DamageAssessment.Assess(segment, damage, expected, lastNumber, successor: null, out var lines);
                TornAtOpen.Add((found, lines));
                using var file = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                RandomAccess.SetLength(file, validEnd);
                RandomAccess.FlushToDisk(file);
                length = validEnd;
            }
            break;
        }
        segment.EndLsn = expected;
        segment.LastRecord = lastNumber;
        segment.Bytes = length;
    }

    // ------------------------------------------------------------------ segments

    private void Rotate(long nowMs)
    {
        CloseActive(flush: true);
        long id = _nextId++;
        var path = Path.Combine(Directory, SegmentFormat.FileName(id));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var header = new SegmentHeader(id, TailLsn, _nextRecord, nowMs, _interval);
            Span<byte> bytes = stackalloc byte[SegmentFormat.FileHeaderSize];
            header.Write(bytes);
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
            DirectorySync.Sync(Directory); // the new file's name survives a power loss, not only its content
        }
        catch
        {
            handle.Dispose();
            try { File.Delete(path); } catch (IOException) { }
            throw;
        }
        var segment = new Segment(id, path, TailLsn, _nextRecord, nowMs, _interval);
        _segments.Add(segment);
        TotalBytes += segment.Bytes;
        Active = segment;
        _activeHandle = handle;
    }

    // Closes the active segment. With flush, its records are forced to disk first (so a later segment proves the
    // earlier ones were durable) and bytes of a failed append past its end are cut off.
    private void CloseActive(bool flush)
    {
        if (_activeHandle is { } handle && Active is { } active)
        {
            if (flush)
            {
                try
                {
                    if (RandomAccess.GetLength(handle) > active.Bytes) RandomAccess.SetLength(handle, active.Bytes);
                    RandomAccess.FlushToDisk(handle);
                    MarkSynced(TailLsn);
                }
                catch (IOException)
                {
                    // The records are in the file; the next writer's open reads what reached the disk.
                }
            }
            handle.Dispose();
        }
        _activeHandle = null;
        Active = null;
    }
}
