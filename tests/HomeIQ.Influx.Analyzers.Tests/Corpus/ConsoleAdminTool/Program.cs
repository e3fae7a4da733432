using HomeIQ.Influx;

namespace AdminTool;

// homeiq-admin <command>: small maintenance commands, each run once per invocation.
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = InfluxClientOptions.FromEnvironment();
        switch (args.FirstOrDefault())
        {
            case "ping": return await Commands.PingAsync(options);
            case "databases": return await Commands.ListDatabasesAsync(options);
            case "create": return await Commands.CreateDatabaseAsync(options, args[1]);
            case "drop": return await Commands.DropMeasurementAsync(options, args[1]);
            case "retention": return await Commands.ShowRetentionAsync(options);
            default:
                Console.Error.WriteLine("usage: homeiq-admin ping|databases|create <db>|drop <measurement>|retention");
                return 2;
        }
    }
}
