using System.Diagnostics;
using System.Globalization;
using Polly;

namespace HomeIQ.Influx.Telemetry;

/// <summary>
/// The span of one HTTP attempt (writes, queries, probes, schema requests), named and tagged after OpenTelemetry's
/// semantic conventions for database client spans (stable attributes as of semconv 1.33+; InfluxDB's well-known
/// <c>db.system.name</c> is <c>influxdb</c>), with the HTTP attributes that say which attempt it was and how it ended.
/// One span per attempt, not per logical operation, so a retried batch shows each try; the HTTP client's own span
/// (System.Net.Http, with <c>url.full</c>) is its child when HTTP instrumentation is on. The attribute names are listed
/// in the README ("OpenTelemetry").
/// </summary>
internal static class InfluxActivity
{
    /// <summary>The request option that carries the database or bucket a request targets (set only while someone listens).</summary>
    public static readonly HttpRequestOptionsKey<string> NamespaceKey = new("HomeIQ.Influx.Namespace");

    // Which attempt of the operation this is (0 the first), counted only while someone listens.
    private static readonly ResiliencePropertyKey<int> s_attemptKey = new("HomeIQ.Influx.Attempt");

    /// <summary>Notes the database or bucket <paramref name="request"/> targets, for its spans; nothing (no allocation) when no one listens.</summary>
    public static void SetNamespace(HttpRequestMessage request, string? database)
    {
        if (database is not null && InfluxTelemetry.ActivitySource.HasListeners()) request.Options.Set(NamespaceKey, database);
    }

    /// <summary>Starts the attempt's span, or returns <see langword="null"/> (allocating nothing) when no one listens.</summary>
    public static Activity? StartAttempt(ResilienceContext context, HttpRequestMessage request, string operation, string? writer)
    {
        if (!InfluxTelemetry.ActivitySource.HasListeners()) return null;
        request.Options.TryGetValue(NamespaceKey, out var database);
        // "{db.operation.name} {db.namespace}" as the conventions name database spans.
        var activity = InfluxTelemetry.ActivitySource.StartActivity(database is null ? operation : operation + " " + database, ActivityKind.Client);
        if (activity is null) return null;
        int attempt = context.Properties.GetValue(s_attemptKey, 0);
        context.Properties.Set(s_attemptKey, attempt + 1);
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("db.system.name", "influxdb");
            // The name before semconv 1.26; many backends still classify database spans by it.
            activity.SetTag("db.system", "influxdb");
            if (database is not null) activity.SetTag("db.namespace", database);
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("server.address", request.RequestUri?.Host);
            activity.SetTag("server.port", request.RequestUri?.Port);
            activity.SetTag("http.request.method", request.Method.Method);
            if (attempt > 0) activity.SetTag("http.request.resend_count", attempt);
            if (writer is not null) activity.SetTag("homeiq.influx.writer", writer);
        }
        return activity;
    }

    /// <summary>Records the answer: its status, and for an error status the status as <c>error.type</c> and <c>db.response.status_code</c>.</summary>
    public static void Answered(Activity activity, HttpResponseMessage response)
    {
        int status = (int)response.StatusCode;
        activity.SetTag("http.response.status_code", status);
        if (response.IsSuccessStatusCode) return;
        var code = status.ToString(CultureInfo.InvariantCulture);
        activity.SetTag("db.response.status_code", code);
        activity.SetTag("error.type", code);
        activity.SetStatus(ActivityStatusCode.Error);
    }

    /// <summary>Records an attempt that got no answer: the exception's type as <c>error.type</c>.</summary>
    public static void Failed(Activity activity, Exception exception)
    {
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
    }
}
