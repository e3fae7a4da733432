using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using HomeIQ.Influx.Telemetry;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writing.Durable;

/// <summary>
/// The append-only segment files behind <see cref="WriteOptions.DurableBufferPath"/>. Not thread-safe: the writer
/// calls it under its lock, which also keeps file order equal to the writer's point order.
/// </summary>
/// <remarks>
/// A segment is <c>{number:D12}.hiqlog</c>: the 8-byte file header <c>HIQDUR1\n</c>, then records. A record is a
/// 16-byte header (magic <c>HIQR</c>, payload length, line count, CRC-32 of count and payload, all little-endian)
/// followed by the payload: complete lines of line protocol, each ending in <c>\n</c>. A record whose header or checksum
/// does not hold (a crash in the middle of an append) ends the segment: the file is truncated there and nothing of it
/// is sent. Every line gets the writer's sequence number; a segment is deleted once every line in it is below the
/// writer's watermark (written, or refused by the server) and none of it is kept for a later start.
/// </remarks>
internal sealed class DurableLog : IDisposable
{
    public const int RecordHeaderSize = 16;
    private const uint RecordMagic = 0x52514948; // "HIQR" little-endian
    private const string Extension = ".hiqlog";
    private static ReadOnlySpan<byte> FileHeader => "HIQDUR1\n"u8;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly List<Segment> _segments = [];
    private readonly byte[] _header = new byte[RecordHeaderSize];
    private FileStream? _lock;
    private FileStream? _stream;
    private Segment? _active;
    private long _nextId;
    private bool _dirty;

    private DurableLog(string directory, long segmentBytes, ILogger logger)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _logger = logger;
    }

    /// <summary>Bytes of all segment files.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Lines recovered at open, in order, waiting to be committed to the writer (sequence numbers 0..).</summary>
    public List<(byte[] Payload, int Count)> Recovered { get; } = [];

    /// <summary>How many lines <see cref="Recovered"/> holds.</summary>
    public long RecoveredLines { get; private set; }

    public static int RecordSize(int payloadBytes) => RecordHeaderSize + payloadBytes;

    /// <summary>Opens (creating) the folder, reads every valid record, truncates torn tails, and returns the log.</summary>
    public static DurableLog Open(string directory, long segmentBytes, ILogger logger, string writer)
    {
        Directory.CreateDirectory(directory);
        var log = new DurableLog(directory, segmentBytes, logger);
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
            log.ReadAll(writer);
        }
        catch
        {
            log.Dispose();
            throw;
        }
        return log;
    }

    private void ReadAll(string writer)
    {
        var log = this;
        var files = Directory.GetFiles(_directory, "*" + Extension)
            .Select(path => (Path: path, Id: long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1))
            .Where(f => f.Id >= 0)
            .OrderBy(f => f.Id)
            .ToList();
        long seq = 0;
        foreach (var (path, id) in files)
        {
            log._nextId = id + 1;
            var segment = new Segment(id, path) { FirstSeq = seq };
            long valid = log.ReadSegment(segment, writer);
            seq = segment.FirstSeq + segment.Lines;
            if (segment.Lines == 0)
            {
                File.Delete(path);
                continue;
            }
            segment.LastSeq = seq - 1;
            segment.Bytes = valid;
            log.TotalBytes += valid;
            log._segments.Add(segment);
        }
        log.RecoveredLines = seq;
        if (seq > 0) DurableLogMessages.Recovered(_logger, writer, seq, log._segments.Count, _directory);
    }

    // Reads the records of one segment into Recovered; truncates the file after the last valid record.
    private long ReadSegment(Segment segment, string writer)
    {
        using var file = new FileStream(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        long length = file.Length;
        var all = new byte[length];
        file.ReadExactly(all);
        long valid;
        string? problem = null;
        if (length < FileHeader.Length || !all.AsSpan(0, FileHeader.Length).SequenceEqual(FileHeader))
        {
            valid = 0;
            problem = "the file header is missing or wrong";
        }
        else
        {
            int offset = FileHeader.Length;
            while (true)
            {
                if (offset == length) break;
                if (length - offset < RecordHeaderSize) { problem = "a record header is cut short"; break; }
                var header = all.AsSpan(offset, RecordHeaderSize);
                uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
                int size = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
                int count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
                uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
                if (magic != RecordMagic || size <= 0 || count <= 0) { problem = "a record header is damaged"; break; }
                if (length - offset - RecordHeaderSize < size) { problem = "a record is cut short"; break; }
                var payload = all.AsSpan(offset + RecordHeaderSize, size);
                if (Checksum(count, payload) != crc) { problem = "a record's checksum does not match"; break; }
                Recovered.Add((payload.ToArray(), count));
                segment.Lines += count;
                offset += RecordHeaderSize + size;
            }
            valid = offset;
        }
        if (problem is not null)
        {
            // A torn tail (the process died in the middle of an append): those bytes were never acknowledged.
            DurableLogMessages.TornTail(_logger, writer, Path.GetFileName(segment.Path), valid, length - valid, problem);
            file.SetLength(valid);
            file.Flush(flushToDisk: true);
        }
        return valid;
    }

    public static uint Checksum(int count, ReadOnlySpan<byte> payload)
    {
        var crc = new Crc32();
        Span<byte> countBytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(countBytes, count);
        crc.Append(countBytes);
        crc.Append(payload);
        return crc.GetCurrentHashAsUInt32();
    }

    /// <summary>Appends one record of <paramref name="count"/> lines with sequence numbers from <paramref name="firstSeq"/>.</summary>
    /// <exception cref="IOException">The disk refused the write; the record is not in the log and the caller's points are not accepted.</exception>
    public void Append(ReadOnlySpan<byte> payload, int count, long firstSeq, bool flushToDisk)
    {
        if (_active is null || _active.Bytes >= _segmentBytes) Rotate();
        var stream = _stream!;
        long start = stream.Position;
        BinaryPrimitives.WriteUInt32LittleEndian(_header, RecordMagic);
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(4), payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_header.AsSpan(8), count);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(12), Checksum(count, payload));
        try
        {
            stream.Write(_header);
            stream.Write(payload);
            if (flushToDisk) stream.Flush(flushToDisk: true);
            else _dirty = true;
        }
        catch
        {
            // Leave no half record behind for later records to follow: cut it off, or start a new segment.
            try { stream.SetLength(start); stream.Flush(flushToDisk: true); } catch (IOException) { CloseActive(); }
            throw;
        }
        var segment = _active!;
        if (segment.FirstSeq < 0) segment.FirstSeq = firstSeq;
        segment.LastSeq = firstSeq + count - 1;
        segment.Lines += count;
        long bytes = RecordHeaderSize + payload.Length;
        segment.Bytes += bytes;
        TotalBytes += bytes;
    }

    /// <summary>Forces appended records to the disk (for <see cref="DurableFlushMode.Interval"/>).</summary>
    public void FlushToDisk()
    {
        if (!_dirty || _stream is null) return;
        _stream.Flush(flushToDisk: true);
        _dirty = false;
    }

    /// <summary>Keeps the segments holding sequence numbers <paramref name="first"/>..<paramref name="last"/> for the next start.</summary>
    public void Retain(long first, long last)
    {
        foreach (var segment in _segments)
        {
            if (segment.LastSeq >= first && segment.FirstSeq <= last && segment.FirstSeq >= 0) segment.Retained = true;
        }
    }

    /// <summary>Deletes the segments whose lines are all below <paramref name="watermark"/>; returns whether any was deleted.</summary>
    public bool Confirm(long watermark)
    {
        bool deleted = false;
        for (int i = 0; i < _segments.Count; i++)
        {
            var segment = _segments[i];
            if (segment.Retained || segment.LastSeq < 0 || segment.LastSeq >= watermark) continue;
            if (segment == _active) CloseActive();
            try
            {
                File.Delete(segment.Path);
            }
            catch (IOException ex)
            {
                DurableLogMessages.DeleteFailed(_logger, segment.Path, ex);
                continue;
            }
            TotalBytes -= segment.Bytes;
            _segments.RemoveAt(i--);
            deleted = true;
        }
        return deleted;
    }

    private void Rotate()
    {
        CloseActive();
        var id = _nextId++;
        var path = Path.Combine(_directory, id.ToString("D12", CultureInfo.InvariantCulture) + Extension);
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        _stream.Write(FileHeader);
        _stream.Flush(flushToDisk: true);
        _active = new Segment(id, path) { Bytes = FileHeader.Length };
        TotalBytes += FileHeader.Length;
        _segments.Add(_active);
    }

    private void CloseActive()
    {
        if (_stream is not null)
        {
            try { _stream.Flush(flushToDisk: true); } catch (IOException) { }
            _stream.Dispose();
        }
        _stream = null;
        _dirty = false;
        if (_active is { Lines: 0 } empty)
        {
            // A segment that never got a record: nothing to keep.
            try { File.Delete(empty.Path); TotalBytes -= empty.Bytes; _segments.Remove(empty); } catch (IOException) { }
        }
        _active = null;
    }

    public void Dispose()
    {
        CloseActive();
        _lock?.Dispose();
        _lock = null;
    }

    private sealed class Segment(long id, string path)
    {
        public long Id { get; } = id;
        public string Path { get; } = path;
        public long Bytes { get; set; }
        public long Lines { get; set; }
        public long FirstSeq { get; set; } = -1;
        public long LastSeq { get; set; } = -1;
        public bool Retained { get; set; }
    }
}

internal static partial class DurableLogMessages
{
    [LoggerMessage(EventId = LogEvents.DurableRecovered, Level = LogLevel.Information, Message = "Writer {Writer} recovered {Lines} points in {Segments} durable segments from {Directory}; they are sent before new points.")]
    public static partial void Recovered(ILogger logger, string writer, long lines, int segments, string directory);

    [LoggerMessage(EventId = LogEvents.DurableTornTail, Level = LogLevel.Warning, Message = "Writer {Writer}: durable segment {Segment} has a torn tail ({Problem}); kept {ValidBytes} bytes, dropped {TornBytes} bytes that were never acknowledged.")]
    public static partial void TornTail(ILogger logger, string writer, string segment, long validBytes, long tornBytes, string problem);

    [LoggerMessage(EventId = LogEvents.DurableDeleteFailed, Level = LogLevel.Warning, Message = "Could not delete the confirmed durable segment {Path}; it will be retried.")]
    public static partial void DeleteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = LogEvents.DurableKeptForRetry, Level = LogLevel.Warning, Message = "Writer {Writer}: {Lines} points could not be sent ({Reason}); they stay in the durable buffer and are sent again.")]
    public static partial void KeptForRetry(ILogger logger, string writer, int lines, WriteFailureReason reason);
}
