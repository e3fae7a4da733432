using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>
/// Which types a loop allocates, from the runtime's own sampling: with the GC keyword at verbose level the runtime
/// raises <c>GCAllocationTick</c> about every 100 KB allocated, naming the type of the object that crossed the mark.
/// Over millions of operations the samples add up to a fair picture of where the bytes go, without a profiler.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, (long Samples, long Bytes, long LargestObject)> _byType = new();

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int typeIndex = e.PayloadNames!.IndexOf("TypeName");
        int amountIndex = e.PayloadNames.IndexOf("AllocationAmount64");
        if (amountIndex < 0) amountIndex = e.PayloadNames.IndexOf("AllocationAmount");
        string type = typeIndex >= 0 ? e.Payload[typeIndex] as string ?? "?" : "?";
        long amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload[amountIndex], CultureInfo.InvariantCulture) : 0;
        int sizeIndex = e.PayloadNames.IndexOf("ObjectSize");
        long size = sizeIndex >= 0 ? Convert.ToInt64(e.Payload[sizeIndex], CultureInfo.InvariantCulture) : 0;
        _byType.AddOrUpdate(type, (1, amount, size), (_, old) => (old.Samples + 1, old.Bytes + amount, Math.Max(old.LargestObject, size)));
    }

    /// <summary>Prints the sampled types, most bytes first, with their share per invocation of the benchmark method.</summary>
    public void Print(long invocations)
    {
        long total = _byType.Values.Sum(v => v.Bytes);
        Console.WriteLine($"allocation samples (about one per 100 KB), {invocations:N0} invocations:");
        foreach (var (type, (samples, bytes, largest)) in _byType.OrderByDescending(p => p.Value.Bytes).Take(25))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {100.0 * bytes / Math.Max(1, total),5:F1}%  {samples,5} samples  ~{(double)bytes / invocations,9:F0} B/invocation  largest {largest,9:N0} B  {type}"));
    }
}
