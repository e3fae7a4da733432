namespace HomeIQ.Influx.Testing;

/// <summary>How <see cref="VictoriaMetricsServer.StartNewAsync(VictoriaMetricsServerOptions?, CancellationToken)"/> starts a private server.</summary>
public sealed class VictoriaMetricsServerOptions
{
    /// <summary>The environment variable that names the <c>victoria-metrics</c> binary to run: <c>VICTORIA_METRICS_PATH</c>.</summary>
    public const string ExecutablePathVariable = "VICTORIA_METRICS_PATH";

    /// <summary>
    /// The VictoriaMetrics single-node binary to run. When <see langword="null"/>, the kit uses the
    /// <c>VICTORIA_METRICS_PATH</c> environment variable, then <c>victoria-metrics</c> on the PATH, in <c>/usr/bin</c> or
    /// in <c>/usr/local/bin</c>. A path that names no file is an error, never a silent fallback.
    /// </summary>
    public string? ExecutablePath { get; set; }
}
