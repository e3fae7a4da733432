using System.Text;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Query.Tests.Resilience;

/// <summary>A database with <see cref="PointCount"/> points of <c>load</c>, big enough that its answer streams in several reads.</summary>
public sealed class ResilienceFixture : InfluxDatabaseFixture
{
    public const int PointCount = 2000;

    public const string Query = "SELECT \"value\", \"host\" FROM \"load\"";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var lines = new StringBuilder();
        for (int i = 0; i < PointCount; i++)
            lines.Append("load,host=h").Append(i % 7).Append(" value=").Append(i).Append(' ').Append(1_700_000_000_000_000_000L + i * 1_000_000_000L).Append('\n');
        await Server.WriteLineProtocolAsync(Database, lines.ToString());
    }
}
