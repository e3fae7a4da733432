using System.Globalization;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Querying;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Client.Schema;

/// <summary>
/// InfluxDB 2.x: <c>/api/v2/buckets</c>, <c>/api/v2/orgs</c> and <c>/api/v2/delete</c>, as InfluxDB's OpenAPI
/// description (and influxdb-client-csharp) shape them. No 2.x server installs here: tests check the request shapes
/// against a capturing handler that answers as the documentation says.
/// </summary>
internal sealed class V2Schema(InfluxClient client) : SchemaApi(client)
{
    // The API's page size limit for GET /api/v2/buckets.
    private const int PageSize = 100;

    // InfluxDB's time range (int64 nanoseconds since 1970, minus the two values it reserves at each end).
    private const long MinUnixNanoseconds = -9223372036854775806;
    private const long MaxUnixNanoseconds = 9223372036854775806;

    public override async Task<InfluxSchemaResult> EnsureAsync(string database, InfluxRetention? retention, CancellationToken cancellationToken)
    {
        var org = Options.Org!;
        var found = await SendAsync(() => Request(HttpMethod.Get, $"api/v2/buckets?org={Escape(org)}&name={Escape(database)}", database),
            "find bucket", $"look up the bucket '{database}' of the organization '{org}'", cancellationToken, 404).ConfigureAwait(false);
        if (found.Status != 404 && ReadBuckets(found.Body, "find bucket").FirstOrDefault(b => b.Name == database) is { } bucket)
        {
            if (retention is null || bucket.Retention == retention.Duration)
                return new InfluxSchemaResult(database, InfluxSchemaOutcome.Existed, $"The InfluxDB bucket '{database}' exists; it keeps data {For(bucket.Retention)}.");
            return new InfluxSchemaResult(database, InfluxSchemaOutcome.RetentionDiffers,
                $"The InfluxDB bucket '{database}' exists, but keeps data {For(bucket.Retention)}, not {For(retention.Duration)} as asked. " +
                "It was left unchanged: shortening a bucket's retention deletes data; change it with PATCH /api/v2/buckets/{id} or the influx CLI if that is meant.");
        }

        // Creating takes the organization's id, not its name.
        var orgs = await SendAsync(() => Client.CreateRequest(HttpMethod.Get, $"api/v2/orgs?org={Escape(org)}"),
            "find organization", $"look up the organization '{org}' (Org / INFLUXDB_ORG)", cancellationToken, 404).ConfigureAwait(false);
        var orgId = (orgs.Status == 404 ? null : ReadOrgId(orgs.Body, org))
            ?? throw new InfluxSchemaException($"Could not create the bucket '{database}': the organization '{org}' (Org / INFLUXDB_ORG) does not exist on {Options.Url!.GetLeftPart(UriPartial.Authority)}, or the token may not read it.");
        var body = BucketBody(orgId, database, retention);
        var created = await SendAsync(() => JsonRequest(HttpMethod.Post, "api/v2/buckets", body, database), "create bucket",
            $"create the bucket '{database}' in the organization '{org}'", cancellationToken, 409, 422).ConfigureAwait(false);
        if (created.Status is 409 or 422)
        {
            // Someone else created it between the look-up and now (or a retried request did): it exists.
            if (created.ServerMessage?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true)
                return new InfluxSchemaResult(database, InfluxSchemaOutcome.Existed, $"The InfluxDB bucket '{database}' exists (it was created at the same time by another request).");
            throw Failure($"create the bucket '{database}' in the organization '{org}'", created.Status, created.ServerMessage);
        }
        return new InfluxSchemaResult(database, InfluxSchemaOutcome.Created, $"Created the InfluxDB bucket '{database}' in the organization '{org}'; it keeps data {For(retention?.Duration)}.");
    }

    public override async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var org = Options.Org!;
        var names = new List<string>();
        for (int offset = 0; ; offset += PageSize)
        {
            int from = offset;
            var page = await SendAsync(() => Client.CreateRequest(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"api/v2/buckets?org={Escape(org)}&limit={PageSize}&offset={from}")),
                "list buckets", $"list the buckets of the organization '{org}'", cancellationToken).ConfigureAwait(false);
            var buckets = ReadBuckets(page.Body, "list buckets");
            names.AddRange(buckets.Select(b => b.Name));
            if (buckets.Count < PageSize) return names;
        }
    }

    public override Task DeleteAsync(string database, InfluxDeleteRequest request, CancellationToken cancellationToken)
    {
        // The predicate language reads a double-quoted identifier on both sides of '=' (influxdb predicate/parser.go
        // takes IDENT keys and IDENT values; a single-quoted string is refused), with InfluxQL's escapes inside.
        var predicate = new List<string>();
        if (request.Measurement is { } measurement) predicate.Add("\"_measurement\"=" + InfluxQLText.QuoteIdentifier(measurement));
        foreach (var (key, value) in request.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            predicate.Add(InfluxQLText.QuoteIdentifier(key) + "=" + InfluxQLText.QuoteIdentifier(value));
        long start = request.Start is { } s ? UnixNanoseconds(s) : MinUnixNanoseconds;
        // The API deletes up to and including stop; the request's stop is exclusive.
        long stop = request.Stop is { } e ? UnixNanoseconds(e) - 1 : MaxUnixNanoseconds;
        var body = Json(w =>
        {
            w.WriteString("start", FormatNanoseconds(start));
            w.WriteString("stop", FormatNanoseconds(stop));
            w.WriteString("predicate", string.Join(" AND ", predicate));
        });
        var path = $"api/v2/delete?org={Escape(Options.Org!)}&bucket={Escape(database)}";
        return SendAsync(() => JsonRequest(HttpMethod.Post, path, body, database), "delete", $"delete points from the bucket '{database}'", cancellationToken);
    }

    private static byte[] BucketBody(string orgId, string name, InfluxRetention? retention) => Json(w =>
    {
        w.WriteString("orgID", orgId);
        w.WriteString("name", name);
        w.WriteStartArray("retentionRules");
        // No rule keeps data forever; an "expire" rule with everySeconds keeps it that long.
        if (retention is { Duration: { } duration })
        {
            w.WriteStartObject();
            w.WriteString("type", "expire");
            w.WriteNumber("everySeconds", (long)Math.Ceiling(duration.TotalSeconds));
            if (retention.ShardGroupDuration is { } shard) w.WriteNumber("shardGroupDurationSeconds", (long)Math.Ceiling(shard.TotalSeconds));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    private List<Bucket> ReadBuckets(byte[] body, string operation)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var buckets = new List<Bucket>();
            if (!json.RootElement.TryGetProperty("buckets", out var list) || list.ValueKind != JsonValueKind.Array) return buckets;
            foreach (var bucket in list.EnumerateArray())
            {
                var name = bucket.TryGetProperty("name", out var n) ? n.GetString() : null;
                if (name is null) continue;
                TimeSpan? retention = null;
                if (bucket.TryGetProperty("retentionRules", out var rules) && rules.ValueKind == JsonValueKind.Array)
                {
                    foreach (var rule in rules.EnumerateArray())
                    {
                        // everySeconds 0 also means forever.
                        if (rule.TryGetProperty("everySeconds", out var every) && every.TryGetInt64(out var seconds) && seconds > 0)
                            retention = TimeSpan.FromSeconds(seconds);
                    }
                }
                buckets.Add(new Bucket(name, retention));
            }
            return buckets;
        }
        catch (JsonException e)
        {
            throw new InfluxSchemaException($"The answer to '{operation}' from {Options.Url!.GetLeftPart(UriPartial.Authority)} was not the JSON InfluxDB 2.x returns; is Url an InfluxDB 2.x server?", e);
        }
    }

    private static string? ReadOrgId(byte[] body, string org)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("orgs", out var orgs) || orgs.ValueKind != JsonValueKind.Array) return null;
            foreach (var o in orgs.EnumerateArray())
            {
                if (o.TryGetProperty("name", out var name) && name.GetString() == org && o.TryGetProperty("id", out var id)) return id.GetString();
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static long UnixNanoseconds(DateTimeOffset time)
    {
        // 100 ns ticks; outside InfluxDB's range the nearest end of it.
        var ticks = time.UtcTicks - Rfc3339.UnixEpochTicks;
        if (ticks > MaxUnixNanoseconds / 100) return MaxUnixNanoseconds;
        if (ticks < MinUnixNanoseconds / 100) return MinUnixNanoseconds;
        return ticks * 100;
    }

    // RFC3339 with all nine fraction digits: the stop time is one nanosecond before a 100 ns tick.
    private static string FormatNanoseconds(long unixNanoseconds)
    {
        long seconds = Math.DivRem(unixNanoseconds, 1_000_000_000, out long fraction);
        if (fraction < 0) { seconds--; fraction += 1_000_000_000; }
        var text = new StringBuilder(DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        return text.Append('.').Append(fraction.ToString("D9", CultureInfo.InvariantCulture)).Append('Z').ToString();
    }

    private sealed record Bucket(string Name, TimeSpan? Retention);
}
