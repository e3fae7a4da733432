using System.Buffers.Binary;
using System.Text;

namespace HomeIQ.Influx.Reliability.Tests.Infrastructure;

/// <summary>
/// Reads and damages a durable folder the way a disk or a crash would, from the documented format 2 (README "The
/// durable buffer on disk"): a 64-byte segment header, then records of a 56-byte header (marker, record number, first
/// LSN, payload length, line count, append time, synced-through LSN, payload CRC-32, header CRC-32) and the payload.
/// Written here from the documentation, not from the library's code, so the tests also check that the two agree.
/// </summary>
public static class DurableFolder
{
    public const int SegmentHeaderSize = 64;
    public const int RecordHeaderSize = 56;
    private static readonly byte[] Marker = [0xFF, 0x48, 0x49, 0x51, 0x52, 0x45, 0x43, 0xFE];

    /// <summary>One record of an intact segment.</summary>
    public sealed record Record(string Segment, long Offset, int Size, long Number, long FirstLsn, int LineCount, long SyncedThrough, string[] Lines)
    {
        public long EndLsn => FirstLsn + LineCount;
    }

    /// <summary>The segment files, oldest first.</summary>
    public static string[] Segments(string folder) =>
        Directory.GetFiles(folder, "*.hiqlog").OrderBy(f => f, StringComparer.Ordinal).ToArray();

    /// <summary>Every record of an intact segment, in order (fails on anything unexpected).</summary>
    public static List<Record> Records(string segment)
    {
        var bytes = File.ReadAllBytes(segment);
        if (Encoding.ASCII.GetString(bytes, 0, 8) != "HIQDUR2\n") throw new InvalidDataException($"{segment}: not a format 2 segment");
        var records = new List<Record>();
        int offset = SegmentHeaderSize;
        while (offset < bytes.Length)
        {
            var h = bytes.AsSpan(offset, RecordHeaderSize);
            if (!h[..8].SequenceEqual(Marker)) throw new InvalidDataException($"{segment}: no record marker at {offset}");
            if (BinaryPrimitives.ReadUInt32LittleEndian(h[52..]) != Crc32(h[..52])) throw new InvalidDataException($"{segment}: header CRC at {offset}");
            int length = BinaryPrimitives.ReadInt32LittleEndian(h[24..]);
            var payload = bytes.AsSpan(offset + RecordHeaderSize, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(h[48..]) != Crc32(payload)) throw new InvalidDataException($"{segment}: payload CRC at {offset}");
            records.Add(new Record(Path.GetFileName(segment), offset, RecordHeaderSize + length,
                BinaryPrimitives.ReadInt64LittleEndian(h[8..]), BinaryPrimitives.ReadInt64LittleEndian(h[16..]),
                BinaryPrimitives.ReadInt32LittleEndian(h[28..]), BinaryPrimitives.ReadInt64LittleEndian(h[40..]),
                Encoding.UTF8.GetString(payload).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            offset += RecordHeaderSize + length;
        }
        return records;
    }

    /// <summary>Appends a record that a crash cut short: a valid header for <paramref name="lines"/>, then only the first half of its payload.</summary>
    public static void AppendTornRecord(string segment, IReadOnlyList<string> lines)
    {
        var last = Records(segment)[^1];
        var payload = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        var header = new byte[RecordHeaderSize];
        Marker.CopyTo(header, 0);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), last.Number + 1);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), last.EndLsn);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), lines.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(32), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(40), last.EndLsn);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(48), Crc32(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(52), Crc32(header.AsSpan(0, 52)));
        using var file = new FileStream(segment, FileMode.Append, FileAccess.Write);
        file.Write(header);
        file.Write(payload, 0, payload.Length / 2 + 7); // cut in the middle of a line
    }

    /// <summary>Flips one bit of the byte at <paramref name="offset"/>.</summary>
    public static void FlipByte(string segment, long offset)
    {
        using var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        int b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x04));
    }

    /// <summary>Zeroes the 4 KiB page that holds <paramref name="offset"/> (what a lost disk page looks like).</summary>
    public static (long Start, long End) ZeroPage(string segment, long offset)
    {
        long start = offset / 4096 * 4096;
        using var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite);
        long end = Math.Min(start + 4096, file.Length);
        file.Position = start;
        file.Write(new byte[end - start]);
        return (start, end);
    }

    /// <summary>Cuts the file at <paramref name="length"/> bytes.</summary>
    public static void Truncate(string segment, long length)
    {
        using var file = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite);
        file.SetLength(length);
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected, as zlib's), bit by bit: slow and obviously right.</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
