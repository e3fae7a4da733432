using System.Buffers.Binary;
using System.IO.Hashing;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// The on-disk format of the durable buffer, format 2 (all integers little-endian; CRC-32 is IEEE 802.3's, as zlib's).
/// </summary>
/// <remarks>
/// <para>A segment file <c>{id:D12}.hiqlog</c> starts with a 64-byte <see cref="SegmentHeader"/>: magic
/// <c>HIQDUR2\n</c>, format version, flags (bit 0: written in <see cref="DurableFlushMode.Interval"/>), segment id, the
/// sequence number of its first line, the number of its first record, when it was created (Unix ms), and a CRC of the
/// header. Records follow back to back.</para>
/// <para>A record is a 56-byte <see cref="RecordHeader"/> and its payload (complete lines of line protocol, each ending
/// in <c>\n</c>). The header starts with an 8-byte marker containing 0xFF and 0xFE, bytes that never occur in UTF-8 and
/// so never in a payload; after damage the reader searches for the next marker whose header checksum holds (the
/// resynchronisation of the logs of Kafka, RocksDB and Fluent Bit), so damage costs only the damaged records. Every
/// line has a log sequence number (LSN) that never repeats in a folder; a record carries its first LSN and its record
/// number, so the reader knows exactly how many lines and records a damaged stretch held. It also carries when it was
/// appended (for the oldest-point age) and the LSN through which the log had been flushed to disk when it was written
/// (so a later intact record proves that earlier damaged ones had been acknowledged).</para>
/// <para>Format 1 (<c>HIQDUR1\n</c>, no LSNs) is refused with a clear message, never read or changed.</para>
/// </remarks>
internal static class SegmentFormat
{
    public const int Version = 2;
    public const string Extension = ".hiqlog";
    public const int FileHeaderSize = 64;
    public const int RecordHeaderSize = 56;

    public static ReadOnlySpan<byte> FileMagic => "HIQDUR2\n"u8;

    /// <summary>The first 6 bytes every format's file starts with (<c>HIQDUR</c>), followed by the version digit.</summary>
    public static ReadOnlySpan<byte> FileMagicPrefix => "HIQDUR"u8;

    /// <summary>0xFF "HIQREC" 0xFE: 0xFF and 0xFE are never part of UTF-8, so a payload cannot contain the marker.</summary>
    public static ReadOnlySpan<byte> RecordMarker => [0xFF, 0x48, 0x49, 0x51, 0x52, 0x45, 0x43, 0xFE];

    public static string FileName(long id) => id.ToString("D12", System.Globalization.CultureInfo.InvariantCulture) + Extension;

    public static uint Crc(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(bytes);
}

/// <summary>The 64-byte header of a segment file.</summary>
internal readonly record struct SegmentHeader(long Id, long FirstLsn, long FirstRecord, long CreatedMs, bool Interval)
{
    public void Write(Span<byte> destination)
    {
        var d = destination[..SegmentFormat.FileHeaderSize];
        d.Clear();
        SegmentFormat.FileMagic.CopyTo(d);
        BinaryPrimitives.WriteInt32LittleEndian(d[8..], SegmentFormat.Version);
        BinaryPrimitives.WriteInt32LittleEndian(d[12..], Interval ? 1 : 0);
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], Id);
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], FirstLsn);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], FirstRecord);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], CreatedMs);
        BinaryPrimitives.WriteUInt32LittleEndian(d[60..], SegmentFormat.Crc(d[..60]));
    }

    /// <summary>Reads a header; false when it is missing or damaged. <paramref name="version"/> is the format the file claims (0 when not a segment at all).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SegmentHeader header, out int version)
    {
        header = default;
        version = 0;
        if (source.Length >= 8 && source[..6].SequenceEqual(SegmentFormat.FileMagicPrefix) && source[7] == (byte)'\n' && source[6] is >= (byte)'1' and <= (byte)'9')
            version = source[6] - '0';
        if (source.Length < SegmentFormat.FileHeaderSize || version != SegmentFormat.Version) return false;
        var s = source[..SegmentFormat.FileHeaderSize];
        if (BinaryPrimitives.ReadUInt32LittleEndian(s[60..]) != SegmentFormat.Crc(s[..60])) return false;
        if (BinaryPrimitives.ReadInt32LittleEndian(s[8..]) != SegmentFormat.Version) return false;
        header = new SegmentHeader(
            BinaryPrimitives.ReadInt64LittleEndian(s[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            (BinaryPrimitives.ReadInt32LittleEndian(s[12..]) & 1) != 0);
        return header.FirstLsn >= 0 && header.FirstRecord >= 0;
    }
}

/// <summary>The 56-byte header of a record: marker, record number, first LSN, payload length, line count, append time, synced-through LSN, payload CRC, header CRC.</summary>
internal readonly record struct RecordHeader(long Number, long FirstLsn, int PayloadLength, int LineCount, long AppendedMs, long SyncedThrough, uint PayloadCrc)
{
    /// <summary>The LSN after this record's last line.</summary>
    public long EndLsn => FirstLsn + LineCount;

    /// <summary>Header and payload bytes.</summary>
    public int Size => SegmentFormat.RecordHeaderSize + PayloadLength;

    public void Write(Span<byte> destination)
    {
        var d = destination[..SegmentFormat.RecordHeaderSize];
        SegmentFormat.RecordMarker.CopyTo(d);
        BinaryPrimitives.WriteInt64LittleEndian(d[8..], Number);
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], FirstLsn);
        BinaryPrimitives.WriteInt32LittleEndian(d[24..], PayloadLength);
        BinaryPrimitives.WriteInt32LittleEndian(d[28..], LineCount);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], AppendedMs);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], SyncedThrough);
        BinaryPrimitives.WriteUInt32LittleEndian(d[48..], PayloadCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(d[52..], SegmentFormat.Crc(d[..52]));
    }

    /// <summary>Reads a header whose marker and checksum hold and whose numbers make sense; false otherwise.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out RecordHeader header)
    {
        header = default;
        if (source.Length < SegmentFormat.RecordHeaderSize || !source[..8].SequenceEqual(SegmentFormat.RecordMarker)) return false;
        var s = source[..SegmentFormat.RecordHeaderSize];
        if (BinaryPrimitives.ReadUInt32LittleEndian(s[52..]) != SegmentFormat.Crc(s[..52])) return false;
        header = new RecordHeader(
            BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(s[40..]),
            BinaryPrimitives.ReadUInt32LittleEndian(s[48..]));
        return header is { Number: >= 0, FirstLsn: >= 0, PayloadLength: > 0, LineCount: > 0 } && header.LineCount <= header.PayloadLength;
    }
}
