using System.Text.Json;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Client.Schema;

/// <summary>
/// InfluxDB 3 Core and Enterprise: <c>/api/v3/configure/database</c> (docs: admin/databases/create and list). No 3.x
/// server installs here: tests check the request shapes against a capturing handler that answers as the documentation says.
/// </summary>
internal sealed class V3Schema(InfluxClient client) : SchemaApi(client)
{
    public override async Task<InfluxSchemaResult> EnsureAsync(string database, InfluxRetention? retention, CancellationToken cancellationToken)
    {
        var body = Json(w =>
        {
            w.WriteString("db", database);
            // A duration such as "30d" or "12h"; without it data never expires. InfluxDB 3 Core cannot change it later.
            if (retention?.Duration is { } duration) w.WriteString("retention_period", DurationText.Format(duration, weekUnit: "w", dayUnit: "d", microUnit: "us"));
        });
        // Creating is the check: 409 says the database exists. Its retention is not reported here, so it is not compared.
        var answer = await SendAsync(() => JsonRequest(HttpMethod.Post, "api/v3/configure/database", body, database), "create database",
            $"create the database '{database}'", cancellationToken, 400, 409, 422).ConfigureAwait(false);
        if (answer.Status == 409 || (answer.Status is 400 or 422 && answer.ServerMessage?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true))
            return new InfluxSchemaResult(database, InfluxSchemaOutcome.Existed, $"The InfluxDB 3 database '{database}' exists (InfluxDB 3 does not report its retention here, so it was not compared).");
        if (answer.Status is 400 or 422) throw Failure($"create the database '{database}'", answer.Status, answer.ServerMessage);
        return new InfluxSchemaResult(database, InfluxSchemaOutcome.Created, $"Created the InfluxDB 3 database '{database}'; it keeps data {For(retention?.Duration)}.");
    }

    public override async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync(() => Client.CreateRequest(HttpMethod.Get, "api/v3/configure/database?format=json"), "list databases",
            "list the databases", cancellationToken).ConfigureAwait(false);
        // [{"iox::database":"name"}, ...] (later versions add "deleted").
        try
        {
            using var json = JsonDocument.Parse(answer.Body);
            var names = new List<string>();
            if (json.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("not an array");
            foreach (var row in json.RootElement.EnumerateArray())
            {
                if (row.ValueKind == JsonValueKind.Object && row.TryGetProperty("iox::database", out var name) && name.GetString() is { } text) names.Add(text);
            }
            return names;
        }
        catch (JsonException e)
        {
            throw new InfluxSchemaException($"The answer to 'list databases' from {Options.Url!.GetLeftPart(UriPartial.Authority)} was not the JSON InfluxDB 3 returns; is Url an InfluxDB 3 server?", e);
        }
    }

    public override Task DeleteAsync(string database, InfluxDeleteRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException(
            "InfluxDB 3 has no API to delete points by time range or tags. Let the database's retention period expire them, or " +
            "delete a whole table or database (influxdb3 delete table / DELETE /api/v3/configure/table), which an administrator does.");
}
