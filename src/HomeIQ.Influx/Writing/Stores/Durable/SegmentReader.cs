using System.Text;
using Microsoft.Win32.SafeHandles;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>What <see cref="SegmentReader.Next"/> found.</summary>
internal enum ReadKind
{
    /// <summary>Nothing more before the end given.</summary>
    End,
    /// <summary>An intact record: <see cref="SegmentReader.Header"/> and <see cref="SegmentReader.Payload"/>.</summary>
    Record,
    /// <summary>Damaged bytes up to the next intact record (or the end): <see cref="SegmentReader.Damage"/>.</summary>
    Damage,
}

/// <summary>
/// A damaged stretch of a segment: where, what was wrong, the records whose header was still readable, and the intact
/// record after it. <paramref name="Torn"/>: the stretch is one record (or record header) cut short by the end of the
/// data and nothing else, the mark of an append that never finished.
/// </summary>
internal sealed record DamageFound(long Start, long End, string Problem, IReadOnlyList<DamagedRecord> Readable, RecordHeader? Next, bool Torn);

/// <summary>A damaged record whose header is intact: its lines as read (null when the payload is cut short), and whether the file ended inside it.</summary>
internal readonly record struct DamagedRecord(RecordHeader Header, long Offset, string[]? Lines, bool CutShort);

/// <summary>
/// Reads the records of one segment file in order, from any offset, through a window of the file (memory stays small
/// whatever the segment's size). A record that fails its checks is damage: the reader searches on for the next record
/// marker whose header checksum holds and whose numbers follow on, so everything intact after the damage is read
/// too. Not thread-safe; the file may grow while it is read (the active segment): the caller says where to stop.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    private const int ChunkSize = 256 * 1024;

    private readonly SafeFileHandle _file;
    private byte[] _buffer = new byte[ChunkSize];
    private long _bufferStart;
    private int _bufferLength;
    private long _payloadOffset;
    private long _limit; // never read at or past it: beyond it the file may hold a record still being written

    public SegmentReader(string path, long position)
    {
        Path = path;
        Position = position;
        // Delete: a confirmed or dropped segment may be deleted while it is still being read (fine on Unix; Windows needs the flag).
        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    public string Path { get; }

    /// <summary>The file offset of the next record to read.</summary>
    public long Position { get; set; }

    /// <summary>The header of the record last read (<see cref="ReadKind.Record"/>).</summary>
    public RecordHeader Header { get; private set; }

    /// <summary>The file offset of the record last read.</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The payload of the record last read; valid until the next call.</summary>
    public ReadOnlySpan<byte> Payload => Window(_payloadOffset, Header.PayloadLength);

    /// <summary>The damage last found (<see cref="ReadKind.Damage"/>).</summary>
    public DamageFound? Damage { get; private set; }

    /// <summary>The length of the file now.</summary>
    public long Length => RandomAccess.GetLength(_file);

    /// <summary>
    /// Reads the record at <see cref="Position"/>, or the damage that starts there, not reading at or past
    /// <paramref name="end"/>. <paramref name="expectedLsn"/> and <paramref name="lastNumber"/> are the LSN and
    /// record number the reader has reached: a candidate record after damage must lie beyond them.
    /// </summary>
    public ReadKind Next(long end, long expectedLsn, long lastNumber)
    {
        long start = Position;
        _limit = end;
        if (start >= end) return ReadKind.End;
        var status = Check(start, end, expectedLsn, lastNumber, out var header);
        if (status == Status.Good)
        {
            Header = header;
            RecordOffset = start;
            _payloadOffset = start + SegmentFormat.RecordHeaderSize;
            Position = start + header.Size;
            return ReadKind.Record;
        }

        var readable = new List<DamagedRecord>();
        string problem = Describe(status);
        var first = status;
        long at = start; // where `status` and `header` were found
        while (true)
        {
            long scan;
            if (status == Status.PayloadDamaged)
            {
                readable.Add(new DamagedRecord(header, at, Lines(at + SegmentFormat.RecordHeaderSize, header.PayloadLength), CutShort: false));
                expectedLsn = header.EndLsn;
                lastNumber = header.Number;
                scan = at + header.Size;
            }
            else if (status == Status.CutShort)
            {
                readable.Add(new DamagedRecord(header, at, null, CutShort: true));
                break;
            }
            else
            {
                scan = at + 1;
            }
            long candidate = FindMarker(scan, end);
            if (candidate < 0) break;
            at = candidate;
            status = Check(candidate, end, expectedLsn, lastNumber, out header);
            if (status == Status.Good)
            {
                Damage = new DamageFound(start, candidate, problem, readable, header, Torn: false);
                Position = candidate;
                return ReadKind.Damage;
            }
        }
        bool torn = first is Status.HeaderCutShort || (first is Status.CutShort && readable.Count == 1);
        Damage = new DamageFound(start, end, problem, readable, null, torn);
        Position = end;
        return ReadKind.Damage;
    }

    /// <summary>Lines of the payload of the record last read, as text (for reports of dropped points).</summary>
    public string[] PayloadLines() => Lines(_payloadOffset, Header.PayloadLength);

    public void Dispose() => _file.Dispose();

    private enum Status { Good, HeaderCutShort, HeaderDamaged, CutShort, PayloadDamaged }

    private static string Describe(Status status) => status switch
    {
        Status.HeaderCutShort => "a record header is cut short",
        Status.CutShort => "a record is cut short",
        Status.PayloadDamaged => "a record's checksum does not match",
        _ => "a record header is damaged",
    };

    private Status Check(long offset, long end, long expectedLsn, long lastNumber, out RecordHeader header)
    {
        header = default;
        if (end - offset < SegmentFormat.RecordHeaderSize) return Status.HeaderCutShort;
        if (!RecordHeader.TryRead(Window(offset, SegmentFormat.RecordHeaderSize), out header)) return Status.HeaderDamaged;
        // A header that checks out but lies behind what was already read is an old copy or a false marker, not the next record.
        if (header.Number <= lastNumber || header.FirstLsn < expectedLsn) return Status.HeaderDamaged;
        if (end - offset < header.Size) return Status.CutShort;
        var payload = Window(offset + SegmentFormat.RecordHeaderSize, header.PayloadLength);
        if (payload.Length < header.PayloadLength) return Status.CutShort;
        return SegmentFormat.Crc(payload) == header.PayloadCrc ? Status.Good : Status.PayloadDamaged;
    }

    // The next offset in [from, end) where the record marker starts, or -1.
    private long FindMarker(long from, long end)
    {
        var marker = SegmentFormat.RecordMarker;
        while (end - from >= marker.Length)
        {
            var window = Window(from, (int)Math.Min(ChunkSize, end - from));
            if (window.Length < marker.Length) return -1;
            int at = window.IndexOf(marker);
            if (at >= 0) return from + at;
            from += window.Length - (marker.Length - 1); // a marker may straddle two windows
        }
        return -1;
    }

    private string[] Lines(long offset, int length)
    {
        var text = Encoding.UTF8.GetString(Window(offset, length));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    // The bytes [offset, offset + count) (fewer when the file ends first), read into the buffer when not already there.
    private ReadOnlySpan<byte> Window(long offset, int count)
    {
        if (offset >= _bufferStart && offset + count <= _bufferStart + _bufferLength)
            return _buffer.AsSpan((int)(offset - _bufferStart), count);
        if (_buffer.Length < count) _buffer = new byte[Math.Max(count, _buffer.Length * 2)];
        int want = (int)Math.Min(Math.Max(count, Math.Min(_buffer.Length, ChunkSize)), Math.Max(count, _limit - offset));
        int filled = 0;
        while (filled < want)
        {
            int n = RandomAccess.Read(_file, _buffer.AsSpan(filled, want - filled), offset + filled);
            if (n == 0) break;
            filled += n;
        }
        _bufferStart = offset;
        _bufferLength = filled;
        return _buffer.AsSpan(0, Math.Min(count, filled));
    }
}
