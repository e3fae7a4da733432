using System.Buffers;

namespace HomeIQ.Influx.Writing.Batching;

/// <summary>
/// The pools that batch buffers (lines, line ends, gzipped bodies) are rented from.
/// </summary>
/// <remarks>
/// Not <see cref="ArrayPool{T}.Shared"/>: a batch is rented by the producing thread and returned by whichever
/// thread-pool thread finished sending it, and the shared pool keeps a returned array in that thread's own slot, where
/// the producer never looks. Measured with <c>--profile WritePipelineBenchmarks.HomeIQ_MeasurementWriter --alloc-types</c>:
/// a fresh 1 MB array every few hundred batches, a quarter of the bytes the pipeline allocated per point. These pools
/// have no per-thread slots. They keep at most what the writers of the process held at their peak (bounded by their
/// <see cref="WriteOptions.MaxBufferedPoints"/>), up to 64 arrays of each size.
/// </remarks>
internal static class BatchBufferPool
{
    private const int MaxArraysPerSize = 64;

    /// <summary>Line bytes and gzipped bodies, up to 64 MB per array (<see cref="WriteOptions.MaxBatchBytes"/> defaults to 4 MB).</summary>
    public static readonly ArrayPool<byte> Bytes = ArrayPool<byte>.Create(64 * 1024 * 1024, MaxArraysPerSize);

    /// <summary>The end offset of every line of a batch.</summary>
    public static readonly ArrayPool<int> Ends = ArrayPool<int>.Create(16 * 1024 * 1024, MaxArraysPerSize);
}
