using System.Diagnostics;
using System.Globalization;

namespace HomeIQ.Influx.Benchmarks.Sink;

/// <summary>
/// Runs the <see cref="LoopbackSink"/> in a child process (this same program with <c>--sink</c>) and publishes its
/// address in <see cref="UrlVariable"/>, which BenchmarkDotNet's benchmark processes inherit. A separate process keeps
/// the sink's CPU and allocations out of the benchmark process's allocation counters, like a real server.
/// </summary>
public sealed class SinkProcess : IDisposable
{
    /// <summary>The environment variable holding the sink's base address.</summary>
    public const string UrlVariable = "HOMEIQ_BENCH_SINK_URL";

    private const string ReadyPrefix = "SINK_URL=";
    private readonly Process _process;

    private SinkProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The sink's base address.</summary>
    public Uri Url { get; }

    /// <summary>Starts the sink process and waits until it listens.</summary>
    public static SinkProcess Start()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's path to start the sink process.");
        var info = new ProcessStartInfo(processPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started as `dotnet HomeIQ.Influx.Benchmarks.dll`: the host needs the assembly path first.
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            info.ArgumentList.Add(typeof(SinkProcess).Assembly.Location);
        info.ArgumentList.Add("--sink");
        var process = Process.Start(info) ?? throw new InvalidOperationException("The sink process did not start.");
        var readLine = process.StandardOutput.ReadLineAsync();
        if (!readLine.Wait(TimeSpan.FromSeconds(60)) || readLine.Result is not { } line || !line.StartsWith(ReadyPrefix, StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The sink process did not report its address within 60 s.");
        }
        var url = new Uri(line[ReadyPrefix.Length..]);
        Environment.SetEnvironmentVariable(UrlVariable, url.ToString());
        return new SinkProcess(process, url);
    }

    /// <summary>The body of the sink process: serve until standard input closes (the parent ended or let go).</summary>
    public static int RunSink()
    {
        var sink = LoopbackSink.Start(QueryPayloads.CreateResponses());
        Console.Out.WriteLine(ReadyPrefix + sink.Url.ToString());
        Console.Out.Flush();
        // Blocks until the parent closes our stdin or dies; either way the sink is no longer needed.
        while (Console.In.ReadLine() is not null) { }
        sink.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        return 0;
    }

    /// <summary>Stops the sink process.</summary>
    public void Dispose()
    {
        Environment.SetEnvironmentVariable(UrlVariable, null);
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    /// <summary>Describes the sink for logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"sink pid {_process.Id} at {Url}");
}
